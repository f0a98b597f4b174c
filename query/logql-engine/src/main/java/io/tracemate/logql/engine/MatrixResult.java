package io.tracemate.logql.engine;

import java.util.List;

/** Range metric query result: one series per label set, sorted by labels. */
public record MatrixResult(List<Series> series) implements QueryResult {
  public MatrixResult {
    series = List.copyOf(series);
  }
}
