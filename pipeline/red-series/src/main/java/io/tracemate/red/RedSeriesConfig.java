package io.tracemate.red;

import java.time.Duration;

/**
 * Resolution and retention of a {@link RedSeriesStore}.
 *
 * @param resolution slot width of recent data (default 15s)
 * @param recentRetention how long recent slots are kept (default 1h); a multiple of resolution and of
 *     rollupResolution
 * @param rollupResolution slot width of older data (default 5m); a multiple of resolution
 * @param retention how long anything is kept (default 24h); a multiple of rollupResolution, at least
 *     recentRetention
 * @param maxSeries series kept before new keys go to {@link SeriesKey#OVERFLOW} (default 4000: at 35-110 KB per busy series over 24 h, about 150-450 MB at the bound)
 */
public record RedSeriesConfig(
    Duration resolution,
    Duration recentRetention,
    Duration rollupResolution,
    Duration retention,
    int maxSeries) {

  public RedSeriesConfig {
    requirePositive("resolution", resolution);
    requirePositive("recent_retention", recentRetention);
    requirePositive("rollup_resolution", rollupResolution);
    requirePositive("retention", retention);
    requireMultiple("recent_retention", recentRetention, "resolution", resolution);
    requireMultiple("rollup_resolution", rollupResolution, "resolution", resolution);
    requireMultiple("recent_retention", recentRetention, "rollup_resolution", rollupResolution);
    requireMultiple("retention", retention, "rollup_resolution", rollupResolution);
    if (retention.compareTo(recentRetention) < 0) {
      throw new IllegalArgumentException(
          "retention ("
              + retention
              + ") must be at least recent_retention ("
              + recentRetention
              + ")");
    }
    if (maxSeries < 1) {
      throw new IllegalArgumentException("max_series must be at least 1, got " + maxSeries);
    }
  }

  /** 15 s slots for the last hour, 5 min slots for 24 h, 10 000 series. */
  public static RedSeriesConfig defaults() {
    return new RedSeriesConfig(
        Duration.ofSeconds(15),
        Duration.ofHours(1),
        Duration.ofMinutes(5),
        Duration.ofHours(24),
        4_000);
  }

  public RedSeriesConfig withMaxSeries(int newMaxSeries) {
    return new RedSeriesConfig(
        resolution, recentRetention, rollupResolution, retention, newMaxSeries);
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero() || value.toMillis() == 0) {
      throw new IllegalArgumentException(name + " must be at least 1ms, got " + value);
    }
    if (value.toNanos() % 1_000_000 != 0) {
      throw new IllegalArgumentException(name + " must be whole milliseconds, got " + value);
    }
  }

  private static void requireMultiple(String name, Duration value, String ofName, Duration of) {
    if (value.toMillis() % of.toMillis() != 0) {
      throw new IllegalArgumentException(
          name + " (" + value + ") must be a multiple of " + ofName + " (" + of + ")");
    }
  }
}
