package io.tracemate.logql.syntax;

import io.tracemate.querysupport.ParseLimits;
import java.util.Objects;

/**
 * Entry point of the LogQL front end. Stateless and thread-safe: every call parses independently.
 *
 * <pre>{@code
 * Expr expr = LogQL.parse("sum by (level) (count_over_time({app=\"api\"} |= \"timeout\" [5m]))");
 * String canonical = expr.toString();   // parse(canonical) equals expr
 * }</pre>
 */
public final class LogQL {
  private LogQL() {}

  /**
   * Parses a log or metric query within {@link ParseLimits#DEFAULTS}.
   *
   * @throws LogQLParseException with Loki's message shape and the offending position
   */
  public static Expr parse(String query) {
    return parse(query, ParseLimits.DEFAULTS);
  }

  /**
   * Parses a log or metric query within the limits: longer or deeper queries are refused before the parser (or
   * anything that walks the tree afterwards) could spend memory or stack on them.
   *
   * @throws LogQLParseException with Loki's message shape and the offending position; for a query over a limit,
   *     {@link LogQLParseException#limit()} names it
   */
  public static Expr parse(String query, ParseLimits limits) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(limits, "limits");
    return new ExprParser(new Cursor(query, limits)).query();
  }

  /** Parses a query that must be a log query (e.g. for a streams result or tail). */
  public static LogSelectorExpr parseLogQuery(String query) {
    return parseLogQuery(query, ParseLimits.DEFAULTS);
  }

  /** Parses a query that must be a log query, within the limits. */
  public static LogSelectorExpr parseLogQuery(String query, ParseLimits limits) {
    if (parse(query, limits) instanceof LogSelectorExpr log) {
      return log;
    }
    throw LogQLParseException.at(query, 0, "expecting a log query, found a metric query");
  }

  /** Parses a query that must be a metric query (e.g. for an instant query). */
  public static SampleExpr parseMetricQuery(String query) {
    if (parse(query) instanceof SampleExpr sample) {
      return sample;
    }
    throw LogQLParseException.at(query, 0, "expecting a metric query, found a log query");
  }
}
