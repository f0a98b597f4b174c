package io.tracemate.http.jaeger;

import java.time.Duration;

/**
 * Defaults and bounds of the query API.
 *
 * @param defaultSearchLimit traces returned by a v1 search that names no {@code limit}
 * @param defaultV3SearchDepth traces returned by a v3 search that names no {@code query.searchDepth}
 * @param maxSearchLimit larger limits are lowered to this, so one request cannot load the whole store
 * @param maxTraceIdsPerRequest most {@code traceID} parameters one search may name
 * @param defaultSearchLookback searched window when neither {@code start} nor {@code lookback} is given
 * @param defaultDependencyLookback dependency window when {@code lookback} is not given
 */
public record QueryLimits(
    int defaultSearchLimit,
    int defaultV3SearchDepth,
    int maxSearchLimit,
    int maxTraceIdsPerRequest,
    Duration defaultSearchLookback,
    Duration defaultDependencyLookback) {

  /** 20 traces (v1) or 100 (v3) by default, at most 1500, 100 IDs, 2 days of traces, 24 hours of dependencies. */
  public static final QueryLimits DEFAULT =
      new QueryLimits(20, 100, 1500, 100, Duration.ofDays(2), Duration.ofHours(24));

  public QueryLimits {
    if (maxSearchLimit < 1) {
      throw new IllegalArgumentException(
          "maxSearchLimit must be at least 1, got " + maxSearchLimit);
    }
    if (defaultSearchLimit < 1 || defaultSearchLimit > maxSearchLimit) {
      throw new IllegalArgumentException(
          "defaultSearchLimit must be in [1, maxSearchLimit="
              + maxSearchLimit
              + "], got "
              + defaultSearchLimit);
    }
    if (defaultV3SearchDepth < 1 || defaultV3SearchDepth > maxSearchLimit) {
      throw new IllegalArgumentException(
          "defaultV3SearchDepth must be in [1, maxSearchLimit="
              + maxSearchLimit
              + "], got "
              + defaultV3SearchDepth);
    }
    if (maxTraceIdsPerRequest < 1) {
      throw new IllegalArgumentException(
          "maxTraceIdsPerRequest must be at least 1, got " + maxTraceIdsPerRequest);
    }
    if (defaultSearchLookback == null
        || defaultSearchLookback.isNegative()
        || defaultSearchLookback.isZero()) {
      throw new IllegalArgumentException(
          "defaultSearchLookback must be positive, got " + defaultSearchLookback);
    }
    if (defaultDependencyLookback == null
        || defaultDependencyLookback.isNegative()
        || defaultDependencyLookback.isZero()) {
      throw new IllegalArgumentException(
          "defaultDependencyLookback must be positive, got " + defaultDependencyLookback);
    }
  }
}
