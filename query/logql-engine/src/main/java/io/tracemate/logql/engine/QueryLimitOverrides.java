package io.tracemate.logql.engine;

import io.tracemate.common.units.HumanDuration;
import java.time.Duration;

/**
 * One tenant's overrides of the query limits, under Loki's names ({@code overrides: {<tenant>:
 * {max_query_length: 721h, ...}}}); an absent key keeps the configured limit. As in Loki, 0 means "no limit" for
 * {@code max_query_length}, {@code max_query_lookback}, {@code max_entries_limit_per_query} and
 * {@code max_query_series}; {@code query_timeout} and {@code max_query_parallelism} must be positive. Every value
 * is checked when the file is read, so a bad one refuses the whole file. Immutable.
 *
 * @param maxQueryLength {@code max_query_length}: longest end - start
 * @param maxQueryLookback {@code max_query_lookback}: how far back from now a query may read
 * @param maxEntriesLimitPerQuery {@code max_entries_limit_per_query}
 * @param maxQuerySeries {@code max_query_series}
 * @param queryTimeout {@code query_timeout}
 * @param maxQueryParallelism {@code max_query_parallelism}: parts of a split query evaluated at once
 */
public record QueryLimitOverrides(
    Duration maxQueryLength,
    Duration maxQueryLookback,
    Integer maxEntriesLimitPerQuery,
    Integer maxQuerySeries,
    Duration queryTimeout,
    Integer maxQueryParallelism) {

  public static final QueryLimitOverrides NONE =
      new QueryLimitOverrides(null, null, null, null, null, null);

  public QueryLimitOverrides {
    if (maxQueryLength != null && maxQueryLength.isNegative()) {
      throw new IllegalArgumentException("max_query_length must be 0 (no limit) or positive");
    }
    if (maxQueryLookback != null && maxQueryLookback.isNegative()) {
      throw new IllegalArgumentException("max_query_lookback must be 0 (no limit) or positive");
    }
    if (maxEntriesLimitPerQuery != null && maxEntriesLimitPerQuery < 0) {
      throw new IllegalArgumentException(
          "max_entries_limit_per_query must be 0 (no limit) or positive, got "
              + maxEntriesLimitPerQuery);
    }
    if (maxQuerySeries != null && maxQuerySeries < 0) {
      throw new IllegalArgumentException(
          "max_query_series must be 0 (no limit) or positive, got " + maxQuerySeries);
    }
    if (queryTimeout != null && (queryTimeout.isNegative() || queryTimeout.isZero())) {
      throw new IllegalArgumentException("query_timeout must be positive, got " + queryTimeout);
    }
    if (maxQueryParallelism != null && maxQueryParallelism <= 0) {
      throw new IllegalArgumentException(
          "max_query_parallelism must be positive, got " + maxQueryParallelism);
    }
  }

  /**
   * Reads the values as written in the file (durations as Loki writes them: {@code 721h}, {@code 30d}, {@code 0}).
   *
   * @throws IllegalArgumentException naming the key of a bad value
   */
  public static QueryLimitOverrides of(
      String maxQueryLength,
      String maxQueryLookback,
      Integer maxEntriesLimitPerQuery,
      Integer maxQuerySeries,
      String queryTimeout,
      Integer maxQueryParallelism) {
    return new QueryLimitOverrides(
        duration("max_query_length", maxQueryLength),
        duration("max_query_lookback", maxQueryLookback),
        maxEntriesLimitPerQuery,
        maxQuerySeries,
        duration("query_timeout", queryTimeout),
        maxQueryParallelism);
  }

  /** Whether no key is set. */
  public boolean isEmpty() {
    return equals(NONE);
  }

  /** {@code base} with these overrides. */
  public EngineLimits applyTo(EngineLimits base) {
    if (isEmpty()) {
      return base;
    }
    return base.withQueryLimits(
        maxEntriesLimitPerQuery == null
            ? base.maxEntries()
            : maxEntriesLimitPerQuery == 0 ? Integer.MAX_VALUE : maxEntriesLimitPerQuery,
        maxQuerySeries == null
            ? base.maxSeries()
            : maxQuerySeries == 0 ? Integer.MAX_VALUE : maxQuerySeries,
        base.maxBytesScanned(),
        queryTimeout == null ? base.timeout() : queryTimeout,
        maxQueryLength == null
            ? base.maxRange()
            : maxQueryLength.isZero() ? EngineLimits.UNLIMITED_RANGE : maxQueryLength,
        maxQueryParallelism == null ? base.parallelism() : maxQueryParallelism,
        maxQueryLookback == null ? base.maxLookback() : maxQueryLookback);
  }

  private static Duration duration(String key, String text) {
    if (text == null) {
      return null;
    }
    if (text.trim().equals("0")) {
      return Duration.ZERO; // Loki's (Prometheus') "no limit", written without a unit
    }
    try {
      return HumanDuration.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }
}
