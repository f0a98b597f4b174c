package io.tracemate.promql.engine;

import io.tracemate.common.Cancellation;
import io.tracemate.common.CancelledException;
import io.tracemate.promql.syntax.Expr;
import io.tracemate.promql.syntax.PromQL;
import io.tracemate.promql.syntax.ValueType;
import java.util.Objects;

/**
 * Evaluates PromQL instant and range queries over a {@link SeriesSource} with Prometheus' semantics (see the
 * package documentation for what is supported and how it differs).
 *
 * <pre>{@code
 * PromQLEngine engine = new PromQLEngine(source, EngineSettings.defaults());
 * QueryResult r = engine.rangeQuery("sum by (service_name) (rate(calls_total[5m]))",
 *     start, end, 60_000, Cancellation.withTimeout(Duration.ofSeconds(30)));
 * }</pre>
 *
 * <p>Errors: {@link io.tracemate.promql.syntax.PromQLParseException} for a query that does not parse, does not type
 * check or uses something not supported (Prometheus' {@code bad_data}); {@link QueryEvaluationException} when the
 * data makes it fail ({@code execution}); {@link QueryLimitException} over a limit or the timeout;
 * {@link CancelledException} when the caller cancelled. Thread-safe: queries run concurrently, each on the calling
 * thread, sharing nothing but the source.
 */
public final class PromQLEngine {
  private final SeriesSource source;
  private final EngineSettings settings;

  public PromQLEngine(SeriesSource source, EngineSettings settings) {
    this.source = Objects.requireNonNull(source, "source");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public EngineSettings settings() {
    return settings;
  }

  /** Parses a query within this engine's parse limits. */
  public Expr parse(String query) {
    return PromQL.parse(query, settings.parseLimits());
  }

  /** An instant query at {@code timeMillis} (Unix ms). */
  public QueryResult instantQuery(String query, long timeMillis, Cancellation cancellation) {
    return instantQuery(parse(query), timeMillis, cancellation);
  }

  /** An instant query of a parsed expression. */
  public QueryResult instantQuery(Expr expr, long timeMillis, Cancellation cancellation) {
    Objects.requireNonNull(expr, "expr");
    QueryContext ctx = context(timeMillis, timeMillis, cancellation);
    try {
      Steps steps = new Steps(timeMillis, timeMillis, 1);
      return Results.instant(new Evaluator(ctx).eval(expr, steps), timeMillis);
    } catch (CancelledException e) {
      throw ctx.stopped(e);
    }
  }

  /**
   * A range query: the expression at {@code start, start + step, ... <= end} (Unix ms).
   *
   * @throws IllegalArgumentException for a non-positive step, an end before the start, or a range vector or
   *     string expression (Prometheus answers these as {@code bad_data})
   * @throws QueryLimitException with {@link QueryLimitException#MAX_POINTS} for more steps than allowed
   */
  public QueryResult rangeQuery(
      String query, long startMillis, long endMillis, long stepMillis, Cancellation cancellation) {
    return rangeQuery(parse(query), startMillis, endMillis, stepMillis, cancellation);
  }

  /** A range query of a parsed expression. */
  public QueryResult rangeQuery(
      Expr expr, long startMillis, long endMillis, long stepMillis, Cancellation cancellation) {
    Objects.requireNonNull(expr, "expr");
    if (stepMillis <= 0) {
      throw new IllegalArgumentException(
          "zero or negative query resolution step widths are not accepted. Try a "
              + "positive integer");
    }
    if (endMillis < startMillis) {
      throw new IllegalArgumentException("end timestamp must not be before start time");
    }
    if ((endMillis - startMillis) / stepMillis >= settings.maxPointsPerSeries()) {
      throw new QueryLimitException(
          QueryLimitException.MAX_POINTS,
          "exceeded maximum resolution of "
              + String.format("%,d", settings.maxPointsPerSeries())
              + " points per timeseries. Try decreasing the query "
              + "resolution (?step=XX)");
    }
    ValueType type = expr.type();
    if (type != ValueType.SCALAR && type != ValueType.VECTOR) {
      throw new IllegalArgumentException(
          "invalid expression type \""
              + type.documented()
              + "\" for range query, "
              + "must be Scalar or instant Vector");
    }
    QueryContext ctx = context(startMillis, endMillis, cancellation);
    try {
      Steps steps = new Steps(startMillis, endMillis, stepMillis);
      return Results.range(new Evaluator(ctx).eval(expr, steps), steps);
    } catch (CancelledException e) {
      throw ctx.stopped(e);
    }
  }

  private QueryContext context(long start, long end, Cancellation cancellation) {
    Objects.requireNonNull(cancellation, "cancellation");
    return new QueryContext(
        source, settings, start, end, cancellation.withChildTimeout(settings.timeout()));
  }
}
