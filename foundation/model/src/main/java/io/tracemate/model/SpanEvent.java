package io.tracemate.model;

import java.util.List;

/** A timestamped annotation on a span (an exception, a log line, a Zipkin annotation). */
public record SpanEvent(
    long epochNanos, String name, List<Attribute> attributes, int droppedAttributesCount) {

  public SpanEvent {
    name = name == null ? "" : name;
    attributes = List.copyOf(attributes);
  }
}
