package io.tracemate.pipeline.sampling;

import io.tracemate.model.Span;
import io.tracemate.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/**
 * The spans of one undecided trace. {@code firstSequence} is the WAL record that brought its first span (the
 * record that must not be truncated while the trace waits); {@code arrivalNanos} starts its decision wait.
 * Mutable, owned by the sampler's thread.
 */
final class BufferedTrace {
  final TraceId traceId;
  final long firstSequence;
  final long arrivalNanos;
  final List<Span> spans = new ArrayList<>(4);

  BufferedTrace(TraceId traceId, long firstSequence, long arrivalNanos) {
    this.traceId = traceId;
    this.firstSequence = firstSequence;
    this.arrivalNanos = arrivalNanos;
  }

  int spanCount() {
    return spans.size();
  }
}
