package io.tracemate.http.jaeger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.Parameters;
import io.tracemate.model.SpanKind;
import io.tracemate.storage.TraceQuery;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class V3ParamsTest {
  private static final String MIN = "2024-05-01T10:00:00.000000001Z";
  private static final String MAX = "2024-05-01T12:00:00Z";
  private static final String TIMES_REQUIRED =
      "query.startTimeMin and query.startTimeMax (or query.start_time_min and query.start_time_max) are required";

  private static TraceQuery find(String... nameValues) {
    return V3Params.parseFindTraces(TestParams.of(nameValues), QueryLimits.DEFAULT);
  }

  @Test
  void camelCaseParameters() {
    TraceQuery q =
        find(
            "query.serviceName",
            "frontend",
            "query.operationName",
            "GET /",
            "query.attributes",
            "{\"error\":\"true\"}",
            "query.startTimeMin",
            MIN,
            "query.startTimeMax",
            MAX,
            "query.durationMin",
            "10ms",
            "query.durationMax",
            "2s",
            "query.searchDepth",
            "5",
            "query.rawTraces",
            "true");
    assertThat(q.serviceName()).isEqualTo("frontend");
    assertThat(q.operationName()).isEqualTo("GET /");
    assertThat(q.tags()).containsExactlyEntriesOf(Map.of("error", "true"));
    assertThat(q.startTimeMinNanos()).isEqualTo(Parameters.epochNanos(Instant.parse(MIN)));
    // start_time_max is exclusive.
    assertThat(q.startTimeMaxNanos()).isEqualTo(Parameters.epochNanos(Instant.parse(MAX)) - 1);
    assertThat(q.durationMinNanos()).isEqualTo(10_000_000L);
    assertThat(q.durationMaxNanos()).isEqualTo(2_000_000_000L);
    assertThat(q.limit()).isEqualTo(5);
  }

  @Test
  void snakeCaseAliasesAndDefaultDepth() {
    TraceQuery q =
        find(
            "query.service_name",
            "driver",
            "query.operation_name",
            "poll",
            "query.start_time_min",
            MIN,
            "query.start_time_max",
            MAX,
            "query.duration_min",
            "1us",
            "query.duration_max",
            "1h",
            "query.raw_traces",
            "false");
    assertThat(q.serviceName()).isEqualTo("driver");
    assertThat(q.operationName()).isEqualTo("poll");
    assertThat(q.durationMinNanos()).isEqualTo(1000);
    assertThat(q.durationMaxNanos()).isEqualTo(3_600_000_000_000L);
    assertThat(q.limit()).isEqualTo(100);
    assertThat(
            find("query.start_time_min", MIN, "query.start_time_max", MAX, "query.num_traces", "3")
                .limit())
        .isEqualTo(3);
    assertThat(
            find(
                    "query.start_time_min",
                    MIN,
                    "query.start_time_max",
                    MAX,
                    "query.search_depth",
                    "4")
                .limit())
        .isEqualTo(4);
  }

  @Test
  void canonicalNameWinsOverAlias() {
    assertThat(
            find(
                    "query.service_name",
                    "old",
                    "query.serviceName",
                    "new",
                    "query.startTimeMin",
                    MIN,
                    "query.startTimeMax",
                    MAX)
                .serviceName())
        .isEqualTo("new");
  }

  @Test
  void timesWithOffsetsAndAPlusThatArrivedAsASpace() {
    assertThat(V3Params.parseTime("2024-05-01T14:00:00.5+02:00", "t"))
        .isEqualTo(Instant.parse("2024-05-01T12:00:00.5Z"));
    assertThat(V3Params.parseTime("2024-05-01T14:00:00.123456789 02:00", "t"))
        .isEqualTo(Instant.parse("2024-05-01T12:00:00.123456789Z"));
    assertThat(V3Params.parseTime("2024-05-01T09:00:00-03:00", "t"))
        .isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
  }

  @Test
  void errorsNameTheParameter() {
    assertBad(TIMES_REQUIRED);
    assertBad(TIMES_REQUIRED, "query.startTimeMin", MIN);
    assertBad(TIMES_REQUIRED, "query.start_time_max", MAX);
    assertBad(
        "malformed parameter query.start_time_min: expected an RFC 3339 time",
        "query.start_time_min",
        "yesterday",
        "query.start_time_max",
        MAX);
    assertBad(
        "malformed parameter query.startTimeMax: must be after query.startTimeMin",
        "query.startTimeMin",
        MAX,
        "query.startTimeMax",
        MIN);
    assertBad(
        "malformed parameter query.duration_min: time: invalid duration \"fast\"",
        "query.start_time_min",
        MIN,
        "query.start_time_max",
        MAX,
        "query.duration_min",
        "fast");
    assertBad(
        "malformed parameter query.durationMax: 1ms must not be less than query.durationMin (1s)",
        "query.start_time_min",
        MIN,
        "query.start_time_max",
        MAX,
        "query.durationMin",
        "1s",
        "query.durationMax",
        "1ms");
    assertBad(
        "malformed parameter query.num_traces: expected a whole number",
        "query.start_time_min",
        MIN,
        "query.start_time_max",
        MAX,
        "query.num_traces",
        "many");
    assertBad(
        "malformed parameter query.attributes, cannot parse JSON",
        "query.start_time_min",
        MIN,
        "query.start_time_max",
        MAX,
        "query.attributes",
        "error=true");
    assertBad(
        "malformed parameter query.raw_traces: expected true or false, got 'maybe'",
        "query.start_time_min",
        MIN,
        "query.start_time_max",
        MAX,
        "query.raw_traces",
        "maybe");
    assertBad(
        "query.serviceName is required when query.operation_name is given",
        "query.start_time_min",
        MIN,
        "query.start_time_max",
        MAX,
        "query.operation_name",
        "x");
  }

  @Test
  void operationsSpanKindInBothSpellings() {
    assertThat(V3Params.parseSpanKind(TestParams.of("spanKind", "client")))
        .isEqualTo(SpanKind.CLIENT);
    assertThat(V3Params.parseSpanKind(TestParams.of("span_kind", "consumer")))
        .isEqualTo(SpanKind.CONSUMER);
    assertThat(V3Params.parseSpanKind(TestParams.of())).isNull();
    assertThatThrownBy(() -> V3Params.parseSpanKind(TestParams.of("span_kind", "up")))
        .hasMessageStartingWith("malformed parameter span_kind: unknown span kind 'up'");
  }

  @Test
  void dependencyRange() {
    V3Params.TimeRange r =
        V3Params.parseDependencies(TestParams.of("start_time", MIN, "end_time", MAX));
    assertThat(r.start()).isEqualTo(Instant.parse(MIN));
    assertThat(r.end()).isEqualTo(Instant.parse(MAX));
    assertThat(V3Params.parseDependencies(TestParams.of("startTime", MIN, "endTime", MAX)).end())
        .isEqualTo(Instant.parse(MAX));
    assertThatThrownBy(() -> V3Params.parseDependencies(TestParams.of("end_time", MAX)))
        .hasMessageContaining("startTime");
    assertThatThrownBy(() -> V3Params.parseDependencies(TestParams.of("start_time", MIN)))
        .hasMessageContaining("endTime");
    assertThatThrownBy(
            () -> V3Params.parseDependencies(TestParams.of("start_time", MAX, "end_time", MAX)))
        .hasMessageContaining("endTime: must be after startTime");
  }

  private static void assertBad(String messageStart, String... nameValues) {
    assertThatThrownBy(() -> find(nameValues))
        .isInstanceOf(BadRequestException.class)
        .hasMessageStartingWith(messageStart);
  }
}
