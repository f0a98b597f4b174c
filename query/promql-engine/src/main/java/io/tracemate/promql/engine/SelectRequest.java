package io.tracemate.promql.engine;

import io.tracemate.promql.syntax.LabelMatcher;
import java.util.List;
import java.util.Objects;

/**
 * What a selector needs from a {@link SeriesSource}: the series matching all matchers, with their samples in
 * {@code [minTimeMillis, maxTimeMillis]} (both inclusive).
 *
 * @param matchers      all must match; together they never accept every series (the parser requires a non-empty one)
 * @param minTimeMillis earliest sample timestamp wanted, Unix ms
 * @param maxTimeMillis latest sample timestamp wanted, Unix ms
 */
public record SelectRequest(List<LabelMatcher> matchers, long minTimeMillis, long maxTimeMillis) {
  public SelectRequest {
    matchers = List.copyOf(Objects.requireNonNull(matchers, "matchers"));
    if (maxTimeMillis < minTimeMillis) {
      throw new IllegalArgumentException(
          "maxTime " + maxTimeMillis + " before minTime " + minTimeMillis);
    }
  }
}
