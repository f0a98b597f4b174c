package io.tracemate.spanmetrics;

import io.tracemate.model.Attribute;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test spans: a service, a name, a kind, a duration in ms, an end time, IDs, attributes. */
final class Spans {
  private final Span.Builder builder = Span.builder();
  private final List<Attribute> resource = new ArrayList<>();
  private final List<Attribute> attributes = new ArrayList<>();
  private Instant end = Instant.parse("2026-01-01T12:00:00Z");
  private double durationMillis = 1;

  private Spans(String service, String name, SpanKind kind) {
    resource.add(Attribute.of("service.name", service));
    builder.name(name).kind(kind).traceId(new TraceId(0, 1)).spanId(new SpanId(1));
  }

  static Spans span(String service, String name, SpanKind kind) {
    return new Spans(service, name, kind);
  }

  Spans ids(long trace, long span) {
    builder.traceId(new TraceId(0x4bf92f3577b34da6L, trace)).spanId(new SpanId(span));
    return this;
  }

  Spans millis(double duration) {
    durationMillis = duration;
    return this;
  }

  Spans endingAt(String instant) {
    end = Instant.parse(instant);
    return this;
  }

  Spans status(StatusCode code) {
    builder.status(new Status(code, ""));
    return this;
  }

  Spans attribute(String key, String value) {
    attributes.add(Attribute.of(key, value));
    return this;
  }

  Spans attribute(String key, long value) {
    attributes.add(Attribute.of(key, value));
    return this;
  }

  Spans resource(String key, String value) {
    resource.add(Attribute.of(key, value));
    return this;
  }

  Span build() {
    long endNanos = end.getEpochSecond() * 1_000_000_000L + end.getNano();
    return builder
        .attributes(attributes)
        .resource(new Resource(resource, 0))
        .startEpochNanos(endNanos - Math.round(durationMillis * 1_000_000))
        .endEpochNanos(endNanos)
        .build();
  }
}
