package io.tracemate.http.jaeger;

import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracemate.codec.otlp.OtlpJson;
import io.tracemate.codec.otlp.OtlpTraceEncoder;
import io.tracemate.model.Trace;
import java.util.List;

/**
 * The OTLP/JSON {@code TracesData} that api_v3 wraps in {@code {"result": ...}}. Each trace is encoded on
 * its own and the resource spans are concatenated, as Jaeger's gateway merges search results. Thread-safe.
 */
final class OtlpTraceResult {
  private OtlpTraceResult() {}

  /** {@code {"resourceSpans":[...]}} in OTLP/JSON (hex IDs, enums as numbers, int64 as strings). */
  static String tracesDataJson(List<Trace> traces) {
    TracesData.Builder merged = TracesData.newBuilder();
    for (Trace trace : traces) {
      merged.addAllResourceSpans(
          OtlpTraceEncoder.encodeTracesData(trace.spans()).getResourceSpansList());
    }
    return OtlpJson.print(merged);
  }
}
