package io.tracemate.logql.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-query limits and execution settings of {@link LogQLEngine}.
 *
 * @param maxEntries largest {@code limit} a log query may ask for (Loki's max_entries_limit_per_query), default 5000
 * @param maxSeries most series a metric query may produce or hold in an intermediate step (max_query_series),
 *     default 500
 * @param maxBytesScanned most line bytes a query may read (max_query_bytes_read); 0 = unlimited, the default
 * @param timeout wall-clock time a query may take (query_timeout), default 30s
 * @param maxRange longest end - start (max_query_length), default 30 days
 * @param splitInterval ranges longer than this are split into aligned parts evaluated in parallel, default 1h
 * @param parallelism how many parts run at once, default 4
 */
public record EngineLimits(int maxEntries, int maxSeries, long maxBytesScanned, Duration timeout, Duration maxRange,
    Duration splitInterval, int parallelism) {

  public EngineLimits {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(maxRange, "maxRange");
    Objects.requireNonNull(splitInterval, "splitInterval");
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
    }
    if (maxSeries <= 0) {
      throw new IllegalArgumentException("maxSeries must be positive, got " + maxSeries);
    }
    if (maxBytesScanned < 0) {
      throw new IllegalArgumentException("maxBytesScanned must be 0 (unlimited) or positive, got " + maxBytesScanned);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (maxRange.isNegative() || maxRange.isZero()) {
      throw new IllegalArgumentException("maxRange must be positive, got " + maxRange);
    }
    if (splitInterval.isNegative() || splitInterval.isZero()) {
      throw new IllegalArgumentException("splitInterval must be positive, got " + splitInterval);
    }
    if (parallelism <= 0) {
      throw new IllegalArgumentException("parallelism must be positive, got " + parallelism);
    }
  }

  /** 5000 entries, 500 series, unlimited bytes, 30s, 30 days, split by 1h, 4 parts at once. */
  public static EngineLimits defaults() {
    return new EngineLimits(5000, 500, 0, Duration.ofSeconds(30), Duration.ofDays(30), Duration.ofHours(1), 4);
  }
}
