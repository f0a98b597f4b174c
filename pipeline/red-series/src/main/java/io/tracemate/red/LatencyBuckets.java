package io.tracemate.red;

/**
 * The fixed logarithmic bucket set every slot's latency histogram uses (DDSketch's mapping): bucket {@code i ≥ 1}
 * holds durations in (γ^(i-1), γ^i] microseconds with γ = (1 + α) / (1 - α), α = {@value #RELATIVE_ACCURACY};
 * bucket 0 holds everything up to 1 µs and the last bucket everything from ~10 minutes on. Reporting a bucket by
 * 2γ^i / (γ + 1) is within α of every value in it, so a quantile is within α (relative) of the observation of
 * that rank. Fixed buckets make merging slots, series and roll-ups an exact index-wise sum.
 */
public final class LatencyBuckets {

  /** Relative error of a reported quantile against the true observation of that rank, for 1 µs..10 min. */
  public static final double RELATIVE_ACCURACY = 0.02;

  static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
  private static final double LOG_GAMMA = Math.log(GAMMA);
  private static final double MAX_MICROS = 600_000_000d;

  /** Number of buckets, 0 and the open-ended last one included (508 with α = 2 %). */
  public static final int COUNT = (int) Math.ceil(Math.log(MAX_MICROS) / LOG_GAMMA) + 1;

  private LatencyBuckets() {}

  /** The bucket a duration falls in. */
  static int index(long durationNanos) {
    if (durationNanos <= 1_000) {
      return 0;
    }
    double micros = durationNanos / 1_000d;
    int index = (int) Math.ceil(Math.log(micros) / LOG_GAMMA);
    return Math.min(Math.max(index, 1), COUNT - 1);
  }

  /** The largest duration bucket {@code index} holds, in nanoseconds (the last bucket is open-ended: +Inf). */
  public static double upperBoundNanos(int index) {
    if (index < 0 || index >= COUNT) {
      throw new IllegalArgumentException(
          "no latency bucket " + index + " (0.." + (COUNT - 1) + ")");
    }
    if (index == COUNT - 1) {
      return Double.POSITIVE_INFINITY;
    }
    return index == 0 ? 1_000d : Math.pow(GAMMA, index) * 1_000d;
  }

  /**
   * The duration reported for bucket {@code index}, in nanoseconds: within {@link #RELATIVE_ACCURACY} of every
   * duration the bucket holds (1 µs for bucket 0).
   */
  public static double representativeNanos(int index) {
    if (index < 0 || index >= COUNT) {
      throw new IllegalArgumentException(
          "no latency bucket " + index + " (0.." + (COUNT - 1) + ")");
    }
    return representativeMillis(index) * 1_000_000d;
  }

  /** The value reported for a bucket, in milliseconds. */
  static double representativeMillis(int index) {
    if (index == 0) {
      return 0.001;
    }
    return 2 * Math.pow(GAMMA, index) / (GAMMA + 1) / 1_000d;
  }
}
