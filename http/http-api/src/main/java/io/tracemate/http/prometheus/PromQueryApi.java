package io.tracemate.http.prometheus;

import com.linecorp.armeria.common.HttpResponse;
import io.tracemate.common.Cancellation;
import io.tracemate.http.prometheus.series.MetricSeries;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.promql.engine.PromQLEngine;
import io.tracemate.promql.engine.QueryResult;
import io.tracemate.promql.syntax.Expr;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/v1/query} and {@code /api/v1/query_range}: parameters as Prometheus reads them, the query run by the
 * {@link PromQLEngine} over the series the request's tenant scope reads, the answer in Prometheus' shape. A
 * {@code timeout} parameter can only shorten the configured time-out; {@code limit} keeps the first series and
 * says so in {@code warnings}. Thread-safe.
 */
final class PromQueryApi {
  /** Prometheus' warning when {@code limit} cut the result. */
  static final String TRUNCATED = "results truncated due to limit";

  private final MetricSeries series;
  private final EngineSettings settings;
  private final Clock clock;

  PromQueryApi(MetricSeries series, EngineSettings settings, Clock clock) {
    this.series = series;
    this.settings = settings;
    this.clock = clock;
  }

  /** The engine over the series {@code request}'s scope reads. */
  PromQLEngine engine(PromRequest request) {
    return new PromQLEngine(series.query(request.scope()), settings);
  }

  /** The RED series {@code request}'s scope reads, with their metadata. */
  io.tracemate.http.prometheus.series.RedSeriesSource engineSource(PromRequest request) {
    return series.forScope(request.scope());
  }

  /** Every series {@code request}'s scope reads: RED and recorded. */
  io.tracemate.promql.engine.SeriesSource querySource(PromRequest request) {
    return series.query(request.scope());
  }

  /** The request's cancellation, shortened by its {@code timeout} parameter. */
  static Cancellation cancellation(PromRequest request) {
    Duration timeout = request.duration("timeout");
    return timeout == null || timeout.isZero()
        ? request.cancellation()
        : request.cancellation().withChildTimeout(timeout);
  }

  HttpResponse instant(PromRequest request) {
    long time = request.time("time", clock.millis());
    PromQLEngine engine = engine(request);
    Expr expr = engine.parse(query(request));
    int limit = request.limit();
    QueryResult result = engine.instantQuery(expr, time, cancellation(request));
    return answer(result, limit);
  }

  HttpResponse range(PromRequest request) {
    long start = request.requiredTime("start");
    long end = request.requiredTime("end");
    if (end < start) {
      throw PromRequest.invalid("end", "end timestamp must not be before start time");
    }
    String stepText = request.params().get("step");
    Duration step = PromRequest.parseDuration("step", stepText == null ? "" : stepText);
    if (step.toMillis() <= 0) {
      throw PromRequest.invalid(
          "step",
          "zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    PromQLEngine engine = engine(request);
    Expr expr = engine.parse(query(request));
    int limit = request.limit();
    QueryResult result;
    try {
      result = engine.rangeQuery(expr, start, end, step.toMillis(), cancellation(request));
    } catch (IllegalArgumentException e) {
      // A range vector or string expression: Prometheus answers bad_data.
      throw new BadRequestException(e.getMessage());
    }
    return answer(result, limit);
  }

  private static String query(PromRequest request) {
    String query = request.params().get("query");
    return query == null ? "" : query;
  }

  private static HttpResponse answer(QueryResult result, int limit) {
    List<String> warnings = new ArrayList<>();
    if (limit > 0) {
      switch (result) {
        case QueryResult.Vector v when v.samples().size() > limit -> {
          result = new QueryResult.Vector(v.samples().subList(0, limit));
          warnings.add(TRUNCATED);
        }
        case QueryResult.Matrix m when m.series().size() > limit -> {
          result = new QueryResult.Matrix(m.series().subList(0, limit));
          warnings.add(TRUNCATED);
        }
        default -> {}
      }
    }
    return PromJson.success(warnings, PromJson.result(result));
  }
}
