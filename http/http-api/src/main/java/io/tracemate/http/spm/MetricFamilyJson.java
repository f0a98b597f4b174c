package io.tracemate.http.spm;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tracemate.http.support.JsonBody;
import io.tracemate.promql.engine.Labels;
import io.tracemate.promql.engine.QueryResult;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Jaeger's {@code jaeger.api_v2.metrics.MetricFamily} ({@code internal/proto/metrics/openmetrics.proto}) as its
 * query service writes it with gogo's {@code jsonpb}: {@code {"name", "type": "GAUGE", "help", "metrics":
 * [{"labels": [{"name", "value"}], "metricPoints": [{"gaugeValue": {"doubleValue": v}, "timestamp":
 * "2026-12-07T14:10:00Z"}]}]}}, fields in the proto's order, {@code NaN} and {@code ±Infinity} as the strings
 * {@code jsonpb} writes (the Jaeger UI then shows no value for the point), timestamps in RFC 3339 with the
 * fraction only when there is one. Labels as Jaeger's translator names them: {@code span_name} becomes
 * {@code operation}, the name the UI looks for; {@code service_name} comes first, since the UI takes the first
 * label's value as the service.
 *
 * <p>One difference: {@code metrics} is written even when empty ({@code jsonpb} leaves an empty list out), because
 * the UI reads {@code metrics[0]} without checking that the list exists. Stateless.
 */
final class MetricFamilyJson {
  /** The label Jaeger's UI reads an operation from. */
  static final String OPERATION = "operation";

  private MetricFamilyJson() {}

  /**
   * @param series the points of each series, in the order given
   * @param zero write 0 for every point instead of its value (errors where there were calls but no errors)
   */
  static JsonBody.Writer family(
      String name, String help, List<QueryResult.Series> series, boolean zero) {
    return out -> {
      out.writeStartObject();
      out.writeStringField("name", name);
      out.writeStringField("type", "GAUGE");
      out.writeStringField("help", help);
      out.writeArrayFieldStart("metrics");
      for (QueryResult.Series one : series) {
        out.writeStartObject();
        out.writeArrayFieldStart("labels");
        labels(out, one.labels());
        out.writeEndArray();
        out.writeArrayFieldStart("metricPoints");
        for (QueryResult.Point point : one.points()) {
          out.writeStartObject();
          out.writeObjectFieldStart("gaugeValue");
          out.writeFieldName("doubleValue");
          value(out, zero ? 0.0 : point.value());
          out.writeEndObject();
          out.writeStringField("timestamp", timestamp(point.timestampMillis()));
          out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject();
    };
  }

  private static void labels(JsonGenerator out, Labels labels) throws IOException {
    String service = labels.get("service_name");
    if (service != null) {
      label(out, "service_name", service);
    }
    for (int i = 0; i < labels.size(); i++) {
      String name = labels.name(i);
      if (name.equals("service_name")) {
        continue;
      }
      label(out, name.equals("span_name") ? OPERATION : name, labels.value(i));
    }
  }

  private static void label(JsonGenerator out, String name, String value) throws IOException {
    out.writeStartObject();
    out.writeStringField("name", name);
    out.writeStringField("value", value);
    out.writeEndObject();
  }

  /** {@code jsonpb}'s doubles: numbers, except {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. */
  private static void value(JsonGenerator out, double value) throws IOException {
    if (Double.isNaN(value)) {
      out.writeString("NaN");
    } else if (Double.isInfinite(value)) {
      out.writeString(value > 0 ? "Infinity" : "-Infinity");
    } else {
      out.writeNumber(value);
    }
  }

  /** A protobuf {@code Timestamp} in proto3 JSON: {@code Instant}'s text has the same fraction rule (0, 3, 6, 9). */
  static String timestamp(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
