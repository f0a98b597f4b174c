package io.tracemate.promql.engine;

/**
 * The evaluation times of one evaluation: {@code start, start + interval, ... <= end} (Unix ms). An instant query is
 * one step (interval 1, as in Prometheus); a subquery evaluates its expression on steps of its own.
 */
record Steps(long start, long end, long interval) {
  Steps {
    if (interval <= 0) {
      throw new IllegalArgumentException("interval must be positive");
    }
  }

  /** Number of steps; 0 when end is before start. */
  long count() {
    return end < start ? 0 : (end - start) / interval + 1;
  }

  long time(int index) {
    return start + index * interval;
  }

  /** The last step's time. */
  long last() {
    return start + (count() - 1) * interval;
  }

  boolean isInstant() {
    return start == end;
  }
}
