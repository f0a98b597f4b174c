package io.tracemate.promql.syntax;

import io.tracemate.querysupport.ParseLimits;
import java.util.Objects;

/**
 * Entry point of the PromQL front end. Stateless and thread-safe: every call parses independently.
 *
 * <pre>{@code
 * Expr expr = PromQL.parse("sum by (job) (rate(http_requests_total[5m]))");
 * String canonical = expr.toString();   // parse(canonical) equals expr
 * }</pre>
 */
public final class PromQL {
  private PromQL() {}

  /**
   * Parses and type-checks a query within {@link ParseLimits#DEFAULTS}.
   *
   * @throws PromQLParseException with Prometheus' message shape and the offending position
   */
  public static Expr parse(String query) {
    return parse(query, ParseLimits.DEFAULTS);
  }

  /**
   * Parses and type-checks a query within the limits: longer or deeper queries are refused before the parser (or
   * anything that walks the tree afterwards) could spend memory or stack on them.
   *
   * @throws PromQLParseException with Prometheus' message shape and the offending position; for a query over a
   *     limit, {@link PromQLParseException#limit()} names it
   */
  public static Expr parse(String query, ParseLimits limits) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(limits, "limits");
    Cursor cursor = new Cursor(query, limits);
    Positions positions = new Positions();
    Expr expr = new ExprParser(cursor, positions).query();
    if (QueryDepth.exceeds(expr, limits.maxDepth())) {
      throw cursor.tooDeep(0);
    }
    new TypeChecker(cursor, positions).check(expr);
    return expr;
  }
}
