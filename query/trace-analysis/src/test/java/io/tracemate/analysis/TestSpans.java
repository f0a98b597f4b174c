package io.tracemate.analysis;

import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import java.util.List;

/** Compact span construction for tests: times are small nanosecond numbers, IDs small integers. */
final class TestSpans {
  static final TraceId TRACE_ID = new TraceId(0, 0xabc);

  private TestSpans() {}

  /** An INTERNAL span named {@code op-<id>} of {@link #TRACE_ID}. */
  static Span.Builder span(long id, long parent, String service, long start, long end) {
    return io.tracemate.testing.TestSpans.span(
        TRACE_ID, new SpanId(id), new SpanId(parent), service, "op-" + id, start, end - start);
  }

  static Resource resource(String service) {
    return io.tracemate.testing.TestSpans.resource(service);
  }

  static Status error(String message) {
    return new Status(StatusCode.ERROR, message);
  }

  static TraceAnalysis analyze(Span.Builder... spans) {
    return TraceAnalyzer.analyze(
        new Trace(TRACE_ID, java.util.Arrays.stream(spans).map(Span.Builder::build).toList()));
  }

  /** The node of the span with this ID (first one when shared). */
  static SpanNode node(TraceAnalysis analysis, long id) {
    return analysis.nodesWithSpanId(new SpanId(id)).get(0);
  }

  /** The critical path as "id:start-end" strings, easy to compare with hand-computed expectations. */
  static List<String> path(TraceAnalysis analysis) {
    return analysis.criticalPath().stream()
        .map(s -> s.spanId().value() + ":" + s.startEpochNanos() + "-" + s.endEpochNanos())
        .toList();
  }
}
