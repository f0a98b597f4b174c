package io.tracemate.servicegraph;

import io.tracemate.model.Attribute;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.SpanLink;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-built spans: each call makes one span of one service in one trace. */
final class TestSpans {

  /** Spans start at this instant plus their offset; test windows cover [T0, T0 + 5 min). */
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  private TestSpans() {}

  static Resource resource(String service, String namespace) {
    return namespace == null
        ? io.tracemate.testing.TestSpans.resource(service)
        : io.tracemate.testing.TestSpans.resource(
            service, Attribute.of("service.namespace", namespace));
  }

  static TraceId trace(long n) {
    return new TraceId(0x1000 + n, n);
  }

  /** A span builder: trace, own ID, parent ID (0 = root), service, kind, start offset and duration in ms. */
  static Span.Builder span(
      TraceId trace,
      long id,
      long parent,
      String service,
      SpanKind kind,
      long startOffsetMillis,
      long durationMillis) {
    long start = (T0.toEpochMilli() + startOffsetMillis) * 1_000_000;
    return io.tracemate.testing.TestSpans.span(
            trace,
            new SpanId(id),
            new SpanId(parent),
            service,
            kind.name().toLowerCase() + " " + service,
            start,
            durationMillis * 1_000_000)
        .kind(kind);
  }

  static Span.Builder inNamespace(Span.Builder builder, String service, String namespace) {
    return builder.resource(resource(service, namespace));
  }

  static Span.Builder failed(Span.Builder builder) {
    return builder.status(new Status(StatusCode.ERROR, "boom"));
  }

  static SpanLink link(TraceId trace, long spanId) {
    return new SpanLink(trace, new SpanId(spanId), "", List.of(), 0, 0);
  }

  static List<Attribute> attributes(String... keysAndValues) {
    List<Attribute> attributes = new ArrayList<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      attributes.add(Attribute.of(keysAndValues[i], keysAndValues[i + 1]));
    }
    return attributes;
  }
}
