package io.tracemate.logql.syntax;

import java.util.List;

/**
 * A parsed LogQL expression: a log query ({@link LogSelectorExpr}) or a metric query ({@link SampleExpr}).
 *
 * <p>Every node is an immutable record, so {@code equals} is structural and instances are safe to share between
 * threads. {@code toString()} prints canonical LogQL that {@link LogQL#parse} turns back into an equal tree.
 */
public sealed interface Expr permits LogSelectorExpr, SampleExpr {

  /**
   * The log selectors this expression reads, left to right: itself for a log query, one per range aggregation
   * for a metric query, none for literals. The engine uses their {@link LogSelectorExpr#matchers()} to pick
   * streams.
   */
  default List<LogSelectorExpr> logSelectors() {
    return Selectors.collect(this);
  }
}
