package io.tracemate.analysis;

/** A closed time interval in Unix epoch nanoseconds; a zero-length range marks an instantaneous span. */
public record TimeRange(long startEpochNanos, long endEpochNanos) {

  public TimeRange {
    if (endEpochNanos < startEpochNanos) {
      throw new IllegalArgumentException(
          "time range ends (" + endEpochNanos + ") before it starts (" + startEpochNanos + ")");
    }
  }

  public long durationNanos() {
    return endEpochNanos - startEpochNanos;
  }
}
