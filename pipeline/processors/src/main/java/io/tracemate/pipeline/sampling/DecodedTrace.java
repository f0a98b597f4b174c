package io.tracemate.pipeline.sampling;

import io.tracemate.model.Span;
import io.tracemate.model.TraceId;
import java.util.List;

/**
 * A buffered trace as the policies see it at decision time: its spans decoded once, in arrival order, with
 * their resources and scopes. Lives only for the decision (and, when kept, goes downstream).
 */
record DecodedTrace(TraceId traceId, List<Span> spans) {
  DecodedTrace {
    spans = List.copyOf(spans);
  }

  int spanCount() {
    return spans.size();
  }
}
