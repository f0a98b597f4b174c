package io.tracemate.http.prometheus;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import io.tracemate.http.support.JsonBody;
import io.tracemate.promql.engine.Labels;
import io.tracemate.promql.engine.PromFormat;
import io.tracemate.promql.engine.QueryResult;
import java.io.IOException;
import java.util.List;

/**
 * Prometheus' success envelope {@code {"status": "success", "data": ..., "warnings": [...]}} and its query result
 * shapes: a vector's {@code {"metric", "value": [t, "v"]}}, a matrix's {@code {"metric", "values": [[t, "v"], ...]}},
 * a scalar's or string's {@code [t, "v"]}; times as seconds with up to three decimals, values as strings
 * ({@code "NaN"}, {@code "+Inf"}) as {@code util/jsonutil} writes them. Stateless.
 */
final class PromJson {
  private PromJson() {}

  /** 200 with {@code data} and, when there are any, {@code warnings}. */
  static HttpResponse success(List<String> warnings, JsonBody.Writer data) {
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          out.writeStringField("status", "success");
          out.writeFieldName("data");
          data.write(out);
          if (!warnings.isEmpty()) {
            out.writeFieldName("warnings");
            JsonBody.stringArray(warnings).write(out);
          }
          out.writeEndObject();
        });
  }

  /** {@code {"resultType", "result"}}. */
  static JsonBody.Writer result(QueryResult result) {
    return out -> {
      out.writeStartObject();
      out.writeStringField("resultType", result.resultType());
      out.writeFieldName("result");
      switch (result) {
        case QueryResult.Vector v -> {
          out.writeStartArray();
          for (QueryResult.Sample sample : v.samples()) {
            out.writeStartObject();
            out.writeFieldName("metric");
            labels(out, sample.labels());
            out.writeFieldName("value");
            point(out, sample.timestampMillis(), PromFormat.value(sample.value()));
            out.writeEndObject();
          }
          out.writeEndArray();
        }
        case QueryResult.Matrix m -> {
          out.writeStartArray();
          for (QueryResult.Series series : m.series()) {
            out.writeStartObject();
            out.writeFieldName("metric");
            labels(out, series.labels());
            out.writeArrayFieldStart("values");
            for (QueryResult.Point p : series.points()) {
              point(out, p.timestampMillis(), PromFormat.value(p.value()));
            }
            out.writeEndArray();
            out.writeEndObject();
          }
          out.writeEndArray();
        }
        case QueryResult.Scalar s -> point(out, s.timestampMillis(), PromFormat.value(s.value()));
        case QueryResult.StringValue s -> point(out, s.timestampMillis(), s.value());
      }
      out.writeEndObject();
    };
  }

  /** A label set as a JSON object, names in order. */
  static void labels(JsonGenerator out, Labels labels) throws IOException {
    out.writeStartObject();
    for (int i = 0; i < labels.size(); i++) {
      out.writeStringField(labels.name(i), labels.value(i));
    }
    out.writeEndObject();
  }

  private static void point(JsonGenerator out, long millis, String value) throws IOException {
    out.writeStartArray();
    out.writeNumber(PromFormat.timestamp(millis));
    out.writeString(value);
    out.writeEndArray();
  }
}
