package io.tracemate.logql.engine;

import java.util.List;

/** Instant metric query result: one sample per label set, sorted by labels (by value for sort/sort_desc). */
public record VectorResult(List<Sample> samples) implements QueryResult {
  public VectorResult {
    samples = List.copyOf(samples);
  }
}
