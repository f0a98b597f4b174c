package io.tracemate.http.spm;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.http.support.JsonBody;
import io.tracemate.promql.engine.Labels;
import io.tracemate.promql.engine.QueryResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code MetricFamily} JSON as Jaeger's query service writes it with {@code jsonpb}. */
class MetricFamilyJsonTest {

  @Test
  void writesJsonpbsShapeWithTheUisLabelNames() {
    QueryResult.Series series =
        new QueryResult.Series(
            Labels.of("service_name", "orders", "span_name", "GET /orders"),
            List.of(
                new QueryResult.Point(1_764_000_000_000L, 0.25),
                new QueryResult.Point(1_764_000_060_500L, Double.NaN),
                new QueryResult.Point(1_764_000_120_000L, Double.POSITIVE_INFINITY)));
    String json =
        JsonBody.string(
            MetricFamilyJson.family("service_operation_call_rate", "help", List.of(series), false));
    assertThat(json)
        .isEqualTo(
            "{\"name\":\"service_operation_call_rate\",\"type\":\"GAUGE\",\"help\":\"help\",\"metrics\":["
                + "{\"labels\":[{\"name\":\"service_name\",\"value\":\"orders\"},"
                + "{\"name\":\"operation\",\"value\":\"GET /orders\"}],\"metricPoints\":["
                + "{\"gaugeValue\":{\"doubleValue\":0.25},\"timestamp\":\"2025-11-24T16:00:00Z\"},"
                + "{\"gaugeValue\":{\"doubleValue\":\"NaN\"},\"timestamp\":\"2025-11-24T16:01:00.500Z\"},"
                + "{\"gaugeValue\":{\"doubleValue\":\"Infinity\"},\"timestamp\":\"2025-11-24T16:02:00Z\"}]}]}");
  }

  @Test
  void zeroesEveryPointAndKeepsAnEmptyList() {
    QueryResult.Series series =
        new QueryResult.Series(
            Labels.of("service_name", "shop"), List.of(new QueryResult.Point(0, 3.5)));
    assertThat(JsonBody.string(MetricFamilyJson.family("f", "h", List.of(series), true)))
        .contains("{\"gaugeValue\":{\"doubleValue\":0.0},\"timestamp\":\"1970-01-01T00:00:00Z\"}");
    assertThat(JsonBody.string(MetricFamilyJson.family("f", "h", List.of(), false)))
        .isEqualTo("{\"name\":\"f\",\"type\":\"GAUGE\",\"help\":\"h\",\"metrics\":[]}");
  }
}
