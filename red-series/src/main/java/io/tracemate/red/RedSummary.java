package io.tracemate.red;

/**
 * RED over a window: calls, errors, calls per second over the window, error ratio (errors / calls, 0 when there
 * were no calls), latency quantiles in milliseconds estimated from the histogram (relative error at most
 * {@link LatencyBuckets#RELATIVE_ACCURACY}; NaN when calls == 0), and the exact sum of durations in ms.
 */
public record RedSummary(long calls, long errors, double ratePerSecond, double errorRatio,
                         double p50Millis, double p90Millis, double p99Millis, double sumMillis) {

  /** No calls in a window. */
  public static final RedSummary EMPTY = new RedSummary(0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0);
}
