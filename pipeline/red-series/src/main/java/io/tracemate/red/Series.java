package io.tracemate.red;

/**
 * One series: every observation goes into a recent slot (while recent) and into a roll-up slot, so the roll-up
 * is complete by construction and needs no background job. Thread-safe: one lock per series.
 */
final class Series {
  private final Ring recent;
  private final Ring rollup;
  private long newestRollupIndex = Long.MIN_VALUE;
  private boolean evicted;

  Series(RedSeriesConfig config) {
    recent = new Ring(config.resolution().toMillis(), Horizon.recentCapacity(config));
    rollup = new Ring(config.rollupResolution().toMillis(), Horizon.rollupCapacity(config));
  }

  /** False when the series was evicted meanwhile: the caller looks the key up again. */
  synchronized boolean record(
      Horizon horizon, long epochMillis, long durationNanos, boolean error) {
    if (evicted) {
      return false;
    }
    long rollupIndex = Math.floorDiv(epochMillis, rollup.widthMillis);
    rollup.record(rollupIndex, durationNanos, error);
    newestRollupIndex = Math.max(newestRollupIndex, rollupIndex);
    if (horizon.isRecent(epochMillis)) {
      recent.record(Math.floorDiv(epochMillis, recent.widthMillis), durationNanos, error);
    }
    return true;
  }

  /**
   * Adds a slot's content from elsewhere (another process's delta): a slot of the recent resolution goes into its
   * recent slot (while recent) and its roll-up slot, as its observations would have; a roll-up slot into the
   * roll-up only. False when the series was evicted meanwhile.
   */
  synchronized boolean add(
      Horizon horizon,
      long startMillis,
      boolean recentWidth,
      long calls,
      long errors,
      long sumNanos,
      int[] buckets,
      int[] counts) {
    if (evicted) {
      return false;
    }
    long rollupIndex = Math.floorDiv(startMillis, rollup.widthMillis);
    rollup.add(rollupIndex, calls, errors, sumNanos, buckets, counts);
    newestRollupIndex = Math.max(newestRollupIndex, rollupIndex);
    if (recentWidth && horizon.isRecent(startMillis)) {
      recent.add(
          Math.floorDiv(startMillis, recent.widthMillis), calls, errors, sumNanos, buckets, counts);
    }
    return true;
  }

  /** Marks the series evicted when it has no retained data; true if it did. */
  synchronized boolean evictIfExpired(Horizon horizon) {
    if (newestRollupIndex < horizon.oldestRollup()) {
      evicted = true;
    }
    return evicted;
  }

  /** Where the slot starting at a time is summed; null to skip it. */
  interface Target {
    Accumulator at(long slotStartMillis);
  }

  /** Adds the retained slots whose start lies in [fromMillis, toMillis) to their targets, each exactly once. */
  synchronized void collect(Horizon horizon, long fromMillis, long toMillis, Target target) {
    long newest = horizon.newestMillis();
    long rollupWidth = rollup.widthMillis;
    long rollupFirst =
        Math.max(Math.floorDiv(fromMillis + rollupWidth - 1, rollupWidth), horizon.oldestRollup());
    long rollupEnd =
        Math.floorDiv(Math.min(toMillis, horizon.boundaryMillis()) + rollupWidth - 1, rollupWidth);
    for (long i = rollupFirst; i < rollupEnd; i++) {
      addSlot(rollup, i, i * rollupWidth, target);
    }
    long width = recent.widthMillis;
    long recentFirst =
        Math.max(
            Math.floorDiv(Math.max(fromMillis, horizon.boundaryMillis()) + width - 1, width),
            horizon.oldestRecent());
    long recentEnd = Math.floorDiv(Math.min(toMillis, newest + width) + width - 1, width);
    for (long i = recentFirst; i < recentEnd; i++) {
      addSlot(recent, i, i * width, target);
    }
  }

  /**
   * Hands every retained slot with data to {@code visitor}, oldest first, each time read at one resolution only:
   * roll-up slots before the horizon's boundary, recent slots from it on (future-dated ones included).
   */
  synchronized void visit(Horizon horizon, SlotVisitor visitor) {
    long rollupWidth = rollup.widthMillis;
    long rollupEnd = Math.floorDiv(horizon.boundaryMillis(), rollupWidth);
    for (long i = horizon.oldestRollup(); i < rollupEnd; i++) {
      rollup.visit(i, visitor);
    }
    long width = recent.widthMillis;
    long recentFirst =
        Math.max(Math.floorDiv(horizon.boundaryMillis(), width), horizon.oldestRecent());
    long recentLast = Math.floorDiv(horizon.newestMillis(), width);
    for (long i = recentFirst; i <= recentLast; i++) {
      recent.visit(i, visitor);
    }
  }

  private static void addSlot(Ring ring, long index, long startMillis, Target target) {
    if (ring.has(index)) {
      Accumulator accumulator = target.at(startMillis);
      if (accumulator != null) {
        ring.addTo(index, accumulator);
      }
    }
  }

  synchronized long estimatedBytes() {
    return 16 + 8 + 4 + 8 + recent.estimatedBytes() + rollup.estimatedBytes();
  }
}
