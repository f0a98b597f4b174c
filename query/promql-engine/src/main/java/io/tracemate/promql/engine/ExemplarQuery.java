package io.tracemate.promql.engine;

import io.tracemate.promql.syntax.LabelMatcher;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link ExemplarSource} is asked for: the exemplars of the series one selector reads, narrowed to the
 * series of one result.
 *
 * @param matchers all must match (a selector's, {@code __name__} included)
 * @param sameAs labels of the result the exemplars are for (an alert's): a series that has one of these labels must
 *     have it with this value; labels the series lacks (made by {@code label_replace}, a recording rule or an
 *     aggregation's {@code by} over another selector) do not narrow it
 * @param minTimeMillis earliest exemplar timestamp wanted, Unix ms
 * @param maxTimeMillis latest exemplar timestamp wanted, Unix ms
 * @param order which exemplars come first and are kept when there are more than {@code limit}
 * @param limit most exemplars returned, at least 1
 */
public record ExemplarQuery(
    List<LabelMatcher> matchers,
    Map<String, String> sameAs,
    long minTimeMillis,
    long maxTimeMillis,
    Order order,
    int limit) {
  /** Which exemplars a query wants first. */
  public enum Order {
    /** The newest first (what an error or rate alert wants: its latest examples). */
    NEWEST,
    /** The largest value first (a latency histogram's slowest spans, for a latency alert). */
    LARGEST
  }

  public ExemplarQuery {
    matchers = List.copyOf(matchers);
    sameAs = Map.copyOf(sameAs);
    Objects.requireNonNull(order, "order");
    if (maxTimeMillis < minTimeMillis) {
      throw new IllegalArgumentException(
          "maxTime " + maxTimeMillis + " before minTime " + minTimeMillis);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
  }

  /** Whether a series with {@code labels} is one this query reads. */
  public boolean wants(Labels labels, SeriesMatcher compiled) {
    for (var label : sameAs.entrySet()) {
      String value = labels.get(label.getKey());
      if (!value.isEmpty() && !value.equals(label.getValue())) {
        return false;
      }
    }
    return compiled.matches(labels);
  }
}
