package io.tracemate.red;

/**
 * RED over a window: calls, errors, calls per second over the window, error ratio (errors / calls, 0 when there
 * were no calls), latency quantiles in milliseconds estimated from the histogram (relative error at most
 * {@link LatencyBuckets#RELATIVE_ACCURACY}; NaN when calls == 0), and the exact sum of durations in ms.
 *
 * @param maxMillis the slowest call (within the histogram's accuracy; NaN when calls == 0): the one figure a p99
 *     cannot hide when slow calls are rare
 * @param slowCalls calls slower than the threshold the query asked for (an SLO, a learned normal p99), by default
 *     than {@link #SLOW_FACTOR} × the median and {@link #SLOW_FLOOR_MILLIS}: the slow tail ("a third of the orders
 *     hit a 4.5 s query") however rare it is, within the histogram's accuracy
 */
public record RedSummary(
    long calls,
    long errors,
    double ratePerSecond,
    double errorRatio,
    double p50Millis,
    double p90Millis,
    double p99Millis,
    double sumMillis,
    double maxMillis,
    long slowCalls) {

  /** A call is slow when it takes more than this multiple of the window's median... */
  public static final double SLOW_FACTOR = 10;

  /** ...and more than this many milliseconds (sub-millisecond jitter is not slowness). */
  public static final double SLOW_FLOOR_MILLIS = 10;

  /** No calls in a window. */
  public static final RedSummary EMPTY =
      new RedSummary(0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, 0);

  /** Without the tail figures (max, slow calls): for summaries made by hand. */
  public RedSummary(
      long calls,
      long errors,
      double ratePerSecond,
      double errorRatio,
      double p50Millis,
      double p90Millis,
      double p99Millis,
      double sumMillis) {
    this(
        calls,
        errors,
        ratePerSecond,
        errorRatio,
        p50Millis,
        p90Millis,
        p99Millis,
        sumMillis,
        calls == 0 ? Double.NaN : p99Millis,
        0);
  }

  /** Share of {@link #slowCalls()} among all calls, 0 without calls. */
  public double slowRatio() {
    return calls == 0 ? 0 : (double) slowCalls / calls;
  }
}
