package io.tracemate.promql.syntax;

import java.util.List;
import java.util.Objects;

/**
 * How a binary operation between two instant vectors pairs their series: {@code on (a, b)} or
 * {@code ignoring (a, b)}, and for many-to-one matching {@code group_left (c)} / {@code group_right (c)} with the
 * labels copied from the "one" side. Set operators always match many-to-many.
 *
 * @param cardinality    one-to-one, many-to-one (group_left), one-to-many (group_right), many-to-many (set ops)
 * @param matchingLabels the labels of {@code on} or {@code ignoring}
 * @param on             true for {@code on}, false for {@code ignoring} (or no clause)
 * @param include        the labels of {@code group_left}/{@code group_right}
 */
public record VectorMatching(
    Cardinality cardinality, List<String> matchingLabels, boolean on, List<String> include) {
  /** The four matching cardinalities. */
  public enum Cardinality {
    ONE_TO_ONE,
    MANY_TO_ONE,
    ONE_TO_MANY,
    MANY_TO_MANY
  }

  public VectorMatching {
    Objects.requireNonNull(cardinality, "cardinality");
    matchingLabels = List.copyOf(matchingLabels);
    include = List.copyOf(include);
  }

  /** Plain one-to-one matching on all labels but the metric name. */
  public static VectorMatching oneToOne() {
    return new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of());
  }
}
