package io.tracemate.analysis;

import io.tracemate.model.SpanId;

/**
 * A stretch of time during which one span determines the trace's end-to-end duration.
 *
 * @param node index of the span in {@link TraceAnalysis#nodes()} (unambiguous where span IDs are shared)
 * @param spanId the span's ID, for clients that address spans by ID
 */
public record CriticalPathSegment(
    int node, SpanId spanId, long startEpochNanos, long endEpochNanos) {

  public long durationNanos() {
    return endEpochNanos - startEpochNanos;
  }
}
