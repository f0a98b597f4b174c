package io.tracemate.red;

/**
 * What the store keeps at one instant {@code now}: recent slots with index ≥ {@code oldestRecent}, roll-up slots
 * with index ≥ {@code oldestRollup}, nothing later than {@code newestMillis}. Times from {@code boundaryMillis} on
 * are read from recent slots, earlier times from roll-up slots; the boundary is the first roll-up slot start that
 * recent slots cover entirely, so the two never overlap or leave a gap.
 */
record Horizon(
    long nowMillis,
    long resolutionMillis,
    long rollupMillis,
    long oldestRecent,
    long oldestRollup,
    long newestMillis,
    long boundaryMillis) {

  /** Data may be up to this far in the future (clock skew between hosts). */
  static final long MAX_FUTURE_MILLIS = 120_000;

  static Horizon at(long nowMillis, RedSeriesConfig config) {
    long resolution = config.resolution().toMillis();
    long rollup = config.rollupResolution().toMillis();
    long oldestRecent =
        Math.floorDiv(nowMillis, resolution) - config.recentRetention().toMillis() / resolution + 1;
    long oldestRollup =
        Math.floorDiv(nowMillis, rollup) - config.retention().toMillis() / rollup + 1;
    long boundary = ceilTo(oldestRecent * resolution, rollup);
    return new Horizon(
        nowMillis,
        resolution,
        rollup,
        oldestRecent,
        oldestRollup,
        nowMillis + MAX_FUTURE_MILLIS,
        boundary);
  }

  /** Ring capacities: the retained slots plus room for future-dated data, so it never evicts retained slots. */
  static int recentCapacity(RedSeriesConfig config) {
    long resolution = config.resolution().toMillis();
    return Math.toIntExact(
        config.recentRetention().toMillis() / resolution + MAX_FUTURE_MILLIS / resolution + 2);
  }

  static int rollupCapacity(RedSeriesConfig config) {
    long rollup = config.rollupResolution().toMillis();
    return Math.toIntExact(config.retention().toMillis() / rollup + MAX_FUTURE_MILLIS / rollup + 2);
  }

  boolean accepts(long epochMillis) {
    return Math.floorDiv(epochMillis, rollupMillis) >= oldestRollup && epochMillis <= newestMillis;
  }

  boolean isRecent(long epochMillis) {
    return Math.floorDiv(epochMillis, resolutionMillis) >= oldestRecent;
  }

  /** The oldest retained time. */
  long oldestMillis() {
    return oldestRollup * rollupMillis;
  }

  static long ceilTo(long millis, long unit) {
    return Math.floorDiv(millis + unit - 1, unit) * unit;
  }

  static long floorTo(long millis, long unit) {
    return Math.floorDiv(millis, unit) * unit;
  }
}
