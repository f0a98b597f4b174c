package io.tracemate.model;

import java.util.List;

/** All stored spans of one trace, ordered by start time. */
public record Trace(TraceId traceId, List<Span> spans) {

  public Trace {
    spans = List.copyOf(spans);
  }
}
