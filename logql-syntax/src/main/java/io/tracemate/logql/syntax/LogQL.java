package io.tracemate.logql.syntax;

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
    private LogQL() {
    }

    /**
     * Parses a log or metric query.
     *
     * @throws LogQLParseException with Loki's message shape and the offending position
     */
    public static Expr parse(String query) {
        Objects.requireNonNull(query, "query");
        return new ExprParser(new TokenCursor(query)).query();
    }

    /** Parses a query that must be a log query (e.g. for a streams result or tail). */
    public static LogSelectorExpr parseLogQuery(String query) {
        if (parse(query) instanceof LogSelectorExpr log) {
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
