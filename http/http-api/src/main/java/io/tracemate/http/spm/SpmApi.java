package io.tracemate.http.spm;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.http.jaeger.Envelope;
import io.tracemate.http.jaeger.JaegerErrors;
import io.tracemate.http.prometheus.series.MetricSeries;
import io.tracemate.http.support.ApiError;
import io.tracemate.http.support.ApiErrors;
import io.tracemate.http.support.BlockingEndpoints;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.RequestCancellation;
import io.tracemate.http.support.RequestTenants;
import io.tracemate.http.support.RunningQueries;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.promql.engine.PromQLEngine;
import io.tracemate.promql.engine.QueryEvaluationException;
import io.tracemate.promql.engine.QueryLimitException;
import io.tracemate.promql.engine.QueryResult;
import io.tracemate.promql.syntax.PromQLParseException;
import io.tracemate.querysupport.LimitExceededException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jaeger's Service Performance Monitoring API, what the Jaeger UI's Monitor tab calls: {@code GET
 * /api/metrics/latencies}, {@code /calls}, {@code /errors} and {@code /minstep}, with Jaeger's parameters
 * ({@link SpmParams}) and answers (a {@code MetricFamily}, {@link MetricFamilyJson}). Each runs the PromQL Jaeger's
 * Prometheus reader would send ({@link SpmQueries}) through Tracemate's engine as a range query over the span
 * metrics series the request's tenant scope reads ({@link MetricSeries}), under the Prometheus API's limits,
 * time-out and cancellation ({@code query.promql}), counted as Prometheus queries. Failures are answered in
 * Jaeger's v1 envelope: 400 for parameters, 501 when span metrics are off (Jaeger's answer without a metrics
 * backend). Thread-safe.
 */
public final class SpmApi {
  private static final Logger log = LoggerFactory.getLogger(SpmApi.class);

  /** The routes, all GET. */
  public static final List<String> ROUTES =
      List.of(
          "/api/metrics/latencies",
          "/api/metrics/calls",
          "/api/metrics/errors",
          "/api/metrics/minstep");

  /** Jaeger's v1 envelope, with the engine's failures mapped the way Prometheus' API maps them. */
  static final ApiErrors ERRORS = ApiErrors.of(JaegerErrors.V1.shape(), SpmApi::engineFailure);

  static final String DISABLED =
      "trace metrics are currently disabled - span metrics are off in this server's traces pipeline";

  private final MetricSeries series;
  private final SpanMetricNames names;
  private final EngineSettings settings;
  private final Clock clock;
  private final BlockingEndpoints endpoints;
  private final Duration requestTimeout;

  /**
   * @param names the span metrics series, or null when span metrics are off (every endpoint answers 501)
   * @param settings the PromQL engine's limits and time-out ({@code query.promql}), as for Prometheus' API
   */
  public SpmApi(
      MetricSeries series,
      SpanMetricNames names,
      EngineSettings settings,
      Clock clock,
      RunningQueries running) {
    this.series = Objects.requireNonNull(series, "series");
    this.names = names;
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.endpoints =
        BlockingEndpoints.of(ERRORS)
            .counted(running, RunningQueries.PROMETHEUS)
            .withTimeout(settings.timeout());
    // Armeria's own time-out is a backstop: the engine's answers first.
    this.requestTimeout = settings.timeout().plusSeconds(10);
  }

  /** Binds {@link #ROUTES} on the server being built, and returns it. */
  public ServerBuilder addTo(ServerBuilder server) {
    bind(server, "/api/metrics/latencies", this::latencies);
    bind(server, "/api/metrics/calls", this::calls);
    bind(server, "/api/metrics/errors", this::errors);
    bind(server, "/api/metrics/minstep", this::minStep);
    return server;
  }

  private void bind(ServerBuilder server, String path, BlockingEndpoints.Handler handler) {
    server.route().get(path).requestTimeout(requestTimeout).build(endpoints.service(handler));
  }

  HttpResponse latencies(ServiceRequestContext ctx) {
    if (names == null) {
      return disabled(ctx);
    }
    double quantile = SpmParams.quantile(ctx.queryParams());
    SpmParams params = SpmParams.parse(ctx.queryParams(), clock.millis());
    List<QueryResult.Series> found =
        run(ctx, params, SpmQueries.latencies(names, params, quantile));
    String help =
        String.format(Locale.ROOT, "%.2fth quantile latency, grouped by service", quantile);
    return answer(ctx, params, "service_latencies", help, found, false);
  }

  HttpResponse calls(ServiceRequestContext ctx) {
    if (names == null) {
      return disabled(ctx);
    }
    SpmParams params = SpmParams.parse(ctx.queryParams(), clock.millis());
    List<QueryResult.Series> found = run(ctx, params, SpmQueries.callRate(names, params));
    return answer(ctx, params, "service_call_rate", "calls/sec, grouped by service", found, false);
  }

  /**
   * The error ratio. When none of the series asked for ever had an error (so the division finds nothing), Jaeger's
   * reader answers the call series with every point 0, telling "no errors" apart from "no data"; so does this. As
   * there, when some had errors, a series (an operation) that never had one is left out.
   */
  HttpResponse errors(ServiceRequestContext ctx) {
    if (names == null) {
      return disabled(ctx);
    }
    SpmParams params = SpmParams.parse(ctx.queryParams(), clock.millis());
    String help =
        "error rate, computed as a fraction of errors/sec over calls/sec, grouped by service";
    List<QueryResult.Series> found = run(ctx, params, SpmQueries.errorRate(names, params));
    if (!found.isEmpty()) {
      return answer(ctx, params, "service_error_rate", help, found, false);
    }
    List<QueryResult.Series> calls = run(ctx, params, SpmQueries.callRate(names, params));
    return answer(ctx, params, "service_error_rate", help, calls, true);
  }

  /** Jaeger's answer before it dropped the endpoint: the finest step worth asking for, in milliseconds. */
  HttpResponse minStep(ServiceRequestContext ctx) {
    if (names == null) {
      return disabled(ctx);
    }
    return Envelope.ok(
        JsonBody.prettyPrint(ctx.queryParams()),
        out -> out.writeNumber(names.minStepMillis()),
        0,
        List.of());
  }

  private List<QueryResult.Series> run(ServiceRequestContext ctx, SpmParams params, String query) {
    PromQLEngine engine = new PromQLEngine(series.forScope(RequestTenants.scope(ctx)), settings);
    log.debug("{} runs {}", ctx.path(), query);
    QueryResult result =
        engine.rangeQuery(
            engine.parse(query),
            params.startMillis(),
            params.endMillis(),
            params.stepMillis(),
            RequestCancellation.current(ctx));
    if (!(result instanceof QueryResult.Matrix matrix)) {
      throw new IllegalStateException("a range query answered " + result.resultType());
    }
    return matrix.series();
  }

  private static HttpResponse answer(
      ServiceRequestContext ctx,
      SpmParams params,
      String name,
      String help,
      List<QueryResult.Series> found,
      boolean zero) {
    // Jaeger's reader names the answer after its grouping.
    String family =
        params.groupByOperation() ? name.replaceFirst("service", "service_operation") : name;
    String description = params.groupByOperation() ? help + " & operation" : help;
    return JsonBody.response(
        HttpStatus.OK,
        JsonBody.prettyPrint(ctx.queryParams()),
        MetricFamilyJson.family(family, description, found, zero));
  }

  private static HttpResponse disabled(ServiceRequestContext ctx) {
    return ERRORS.respond(
        HttpStatus.NOT_IMPLEMENTED, DISABLED, JsonBody.prettyPrint(ctx.queryParams()));
  }

  private static ApiError engineFailure(Throwable failure) {
    return switch (failure) {
      case QueryLimitException e ->
          switch (e.limit()) {
            case QueryLimitException.TIMEOUT ->
                ApiError.of(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
            case QueryLimitException.MAX_POINTS ->
                ApiError.of(HttpStatus.BAD_REQUEST, e.getMessage());
            default -> ApiError.of(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
          };
      // The query is ours; only a request's size (hundreds of services) can make it too long to
      // parse.
      case PromQLParseException e -> ApiError.of(HttpStatus.BAD_REQUEST, e.getMessage());
      case LimitExceededException e -> ApiError.of(HttpStatus.BAD_REQUEST, e.getMessage());
      case QueryEvaluationException e ->
          ApiError.of(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
      default -> null;
    };
  }
}
