package io.tracemate.red;

/** Sums slots into one window (dense histogram); turns the sum into a {@link RedSummary}. Single-threaded. */
final class Accumulator {
  long calls;
  long errors;
  long sumNanos;
  final long[] buckets = new long[LatencyBuckets.COUNT];

  RedSummary summarize(double windowSeconds) {
    if (calls == 0) {
      return RedSummary.EMPTY;
    }
    double rate = windowSeconds > 0 ? calls / windowSeconds : 0;
    return new RedSummary(calls, errors, rate, (double) errors / calls,
        quantile(0.50), quantile(0.90), quantile(0.99), sumNanos / 1_000_000d);
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
