package io.tracemate.red;

import java.util.Arrays;

/**
 * What one series got in one slot since the last export ({@link RedSeriesStore#exportDeltas}): the calls recorded
 * with a time in {@code [startMillis, startMillis + widthMillis)}, how many failed, the exact sum of their durations
 * and the non-empty buckets of their latency histogram ({@link LatencyBuckets}). The width is the store's resolution,
 * or its roll-up resolution for observations already older than the recent retention when recorded.
 *
 * @param buckets non-empty bucket indexes, strictly increasing
 * @param counts the calls in each, summing to {@code calls}
 */
public record SlotDelta(
    long startMillis,
    long widthMillis,
    long calls,
    long errors,
    long sumNanos,
    int[] buckets,
    int[] counts) {

  public SlotDelta {
    buckets = buckets == null ? null : buckets.clone();
    counts = counts == null ? null : counts.clone();
  }

  @Override
  public int[] buckets() {
    return buckets == null ? null : buckets.clone();
  }

  @Override
  public int[] counts() {
    return counts == null ? null : counts.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SlotDelta that
        && startMillis == that.startMillis
        && widthMillis == that.widthMillis
        && calls == that.calls
        && errors == that.errors
        && sumNanos == that.sumNanos
        && Arrays.equals(buckets, that.buckets)
        && Arrays.equals(counts, that.counts);
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(startMillis) + Arrays.hashCode(buckets) + Long.hashCode(calls);
  }

  @Override
  public String toString() {
    return "SlotDelta[start="
        + startMillis
        + ", width="
        + widthMillis
        + ", calls="
        + calls
        + ", errors="
        + errors
        + ", sumNanos="
        + sumNanos
        + ", buckets="
        + Arrays.toString(buckets)
        + ", counts="
        + Arrays.toString(counts)
        + "]";
  }
}
