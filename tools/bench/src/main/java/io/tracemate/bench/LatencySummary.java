package io.tracemate.bench;

import java.util.Arrays;

/**
 * Percentiles of a set of latencies, in milliseconds. Percentiles use the nearest-rank method:
 * p-th percentile = the smallest sample with at least p % of the samples at or below it.
 */
public record LatencySummary(
    int count, double p50Millis, double p99Millis, double maxMillis, double meanMillis) {

  static final LatencySummary EMPTY =
      new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  static LatencySummary ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      return EMPTY;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long value : sorted) {
      sum += value;
    }
    return new LatencySummary(
        sorted.length,
        millis(percentile(sorted, 50)),
        millis(percentile(sorted, 99)),
        millis(sorted[sorted.length - 1]),
        sum / sorted.length / 1e6);
  }

  /** Nearest-rank percentile of an ascending array; {@code p} in (0, 100]. */
  static long percentile(long[] ascending, double p) {
    if (ascending.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * ascending.length);
    return ascending[Math.max(0, rank - 1)];
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
