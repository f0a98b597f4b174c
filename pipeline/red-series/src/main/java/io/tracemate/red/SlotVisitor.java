package io.tracemate.red;

/**
 * Receives the retained slots of one series in time order ({@link RedSeriesStore#readSlots}): for each slot with data
 * one {@link #slot} call, then one {@link #bucket} call per non-empty latency bucket of that slot, in increasing
 * bucket order. Called with the series' lock held: implementations only copy what they need and never block.
 */
public interface SlotVisitor {

  /**
   * A slot covering {@code [startMillis, startMillis + widthMillis)}: the calls recorded with a time in it, how many
   * of them were errors and the exact sum of their durations.
   */
  void slot(long startMillis, long widthMillis, long calls, long errors, long sumNanos);

  /**
   * {@code count} calls of the slot announced last fell in latency bucket {@code bucket} ({@link LatencyBuckets}:
   * {@link LatencyBuckets#upperBoundNanos(int)}).
   */
  void bucket(int bucket, int count);
}
