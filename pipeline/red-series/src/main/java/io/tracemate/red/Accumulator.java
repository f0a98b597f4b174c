package io.tracemate.red;

/** Sums slots into one window (dense histogram); turns the sum into a {@link RedSummary}. Single-threaded. */
final class Accumulator {
  long calls;
  long errors;
  long sumNanos;
  final long[] buckets = new long[LatencyBuckets.COUNT];

  RedSummary summarize(double windowSeconds) {
    return summarize(windowSeconds, Double.NaN);
  }

  /** @param slowMillis calls above this count as slow; NaN: the default rule of {@link RedSummary#slowCalls()} */
  RedSummary summarize(double windowSeconds, double slowMillis) {
    if (calls == 0) {
      return RedSummary.EMPTY;
    }
    double rate = windowSeconds > 0 ? calls / windowSeconds : 0;
    double median = quantile(0.50);
    double threshold =
        Double.isNaN(slowMillis)
            ? Math.max(median * RedSummary.SLOW_FACTOR, RedSummary.SLOW_FLOOR_MILLIS)
            : slowMillis;
    return new RedSummary(
        calls,
        errors,
        rate,
        (double) errors / calls,
        median,
        quantile(0.90),
        quantile(0.99),
        sumNanos / 1_000_000d,
        max(),
        callsAbove(threshold));
  }

  private double max() {
    for (int i = buckets.length - 1; i >= 0; i--) {
      if (buckets[i] > 0) {
        return LatencyBuckets.representativeMillis(i);
      }
    }
    return Double.NaN;
  }

  /** Calls in buckets reported above {@code millis}. */
  private long callsAbove(double millis) {
    long above = 0;
    for (int i = buckets.length - 1;
        i >= 0 && LatencyBuckets.representativeMillis(i) > millis;
        i--) {
      above += buckets[i];
    }
    return above;
  }

  /** Nearest rank: the bucket holding the ceil(q·calls)-th smallest observation. */
  private double quantile(double q) {
    long rank = Math.max(1, (long) Math.ceil(q * calls));
    long seen = 0;
    for (int i = 0; i < buckets.length; i++) {
      seen += buckets[i];
      if (seen >= rank) {
        return LatencyBuckets.representativeMillis(i);
      }
    }
    return LatencyBuckets.representativeMillis(buckets.length - 1);
  }
}
