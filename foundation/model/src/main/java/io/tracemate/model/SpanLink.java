package io.tracemate.model;

import java.util.List;

/** A reference to a span of this or another trace (fan-in, messaging consumers, batch jobs). */
public record SpanLink(
    TraceId traceId,
    SpanId spanId,
    String traceState,
    List<Attribute> attributes,
    int droppedAttributesCount,
    int flags) {

  public SpanLink {
    traceState = traceState == null ? "" : traceState;
    attributes = List.copyOf(attributes);
  }
}
