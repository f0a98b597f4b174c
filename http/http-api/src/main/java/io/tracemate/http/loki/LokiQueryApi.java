package io.tracemate.http.loki;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import io.tracemate.http.support.ApiErrors;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.RunningQueries;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logql.engine.LogQLEngine;
import io.tracemate.logs.CrossTenantReader;
import io.tracemate.logs.LogReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The Loki-compatible HTTP API, as Grafana's Loki data source and logcli call it, plus Tracemate's
 * trace-to-logs correlation endpoint. Every path is in {@link #ROUTES}; nothing else is claimed, so
 * {@code /ready} and {@code /metrics} stay the server's (see {@link #addReadyTo} for a port of its own).
 *
 * <p>Reads through a {@link LogReader} (metadata, correlation) and a {@link LogQLEngine} (queries, tail
 * history); live tails are fed by the {@link LogTailHub} the ingest path publishes to; what each query scans
 * is added to the {@link QueryCostRecorder} and reported in {@code stats} and in the
 * {@code X-Tracemate-Bytes-Scanned} / {@code X-Tracemate-Lines-Scanned} headers. The tenant is
 * {@code X-Scope-OrgID} ({@code fake} when absent), or the scope the server's access decorator authorized; several
 * ({@code a|b}) are read as Loki's multi-tenant queries read them: every stream of the answer carries
 * {@code __tenant_id__}, and matchers on that label narrow the tenants ({@link CrossTenantReader}). Errors are
 * plain text as in Loki.
 *
 * <p>Thread-safe; store and engine calls run on Armeria's blocking task executor, never on an event loop.
 */
public final class LokiQueryApi {
  public static final String QUERY = "/loki/api/v1/query";
  public static final String QUERY_RANGE = "/loki/api/v1/query_range";
  public static final String LABELS = "/loki/api/v1/labels";
  public static final String LABEL_VALUES = "/loki/api/v1/label/{name}/values";
  public static final String SERIES = "/loki/api/v1/series";
  public static final String INDEX_STATS = "/loki/api/v1/index/stats";
  public static final String TAIL = "/loki/api/v1/tail";
  public static final String FORMAT_QUERY = "/loki/api/v1/format_query";
  public static final String BUILD_INFO = "/loki/api/v1/status/buildinfo";
  public static final String TRACE_LOGS = "/api/logs/trace/{traceID}";

  /** Every path this API serves (Armeria path patterns). */
  public static final List<String> ROUTES =
      Stream.concat(
              Stream.of(
                  QUERY,
                  QUERY_RANGE,
                  LABELS,
                  LABEL_VALUES,
                  SERIES,
                  INDEX_STATS,
                  TAIL,
                  FORMAT_QUERY,
                  BUILD_INFO,
                  TRACE_LOGS),
              DiscoveryEndpoints.ROUTES.stream())
          .toList();

  /** How this API answers failures: Loki's plain text, with Loki's statuses for LogQL errors, limits and time-outs. */
  public static final ApiErrors ERRORS = LokiErrors.API;

  /** The Loki version {@link #BUILD_INFO} claims: Loki 3 is the first with structured metadata, which we serve. */
  static final String LOKI_VERSION = "3.0.0";

  /** Beyond the engine's own timeout, so the engine's clear 504 wins over Armeria's generic one. */
  private static final Duration REQUEST_TIMEOUT_MARGIN = Duration.ofSeconds(5);

  private final Duration requestTimeout;
  private final LokiEndpoints endpoints;
  private final QueryApi queries;
  private final MetadataApi metadata;
  private final TailApi tail;
  private final TraceLogsApi traceLogs;
  private final DiscoveryEndpoints discovery;

  /**
   * @param reader the log store's reader (metadata endpoints, correlation)
   * @param engine evaluates queries over the same reader
   * @param limits the configured limits {@code engine} was built with; each request runs under its tenants' ({@link
   *     LogQLEngine#limits(io.tracemate.common.tenant.TenantScope)}), checked before evaluating as Loki's frontend
   *     does
   * @param tailHub where the ingest path publishes acknowledged streams
   * @param costs per-tenant query cost (register it with the server's Prometheus registry)
   * @param clock gives "now", which time windows default to
   */
  public LokiQueryApi(
      LogReader reader,
      LogQLEngine engine,
      EngineLimits limits,
      LogTailHub tailHub,
      QueryCostRecorder costs,
      Clock clock) {
    this(reader, engine, limits, tailHub, costs, new RunningQueries(), clock);
  }

  /**
   * @param running counts queries being worked on ({@code tracemate_queries_running}); register it once with the
   *     server's Prometheus registry, shared with the other query APIs
   */
  public LokiQueryApi(
      LogReader reader,
      LogQLEngine engine,
      EngineLimits limits,
      LogTailHub tailHub,
      QueryCostRecorder costs,
      RunningQueries running,
      Clock clock) {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(tailHub, "tailHub");
    Objects.requireNonNull(costs, "costs");
    Objects.requireNonNull(running, "running");
    Objects.requireNonNull(clock, "clock");
    this.requestTimeout = limits.timeout().plus(REQUEST_TIMEOUT_MARGIN);
    this.endpoints =
        new LokiEndpoints(
            costs, running, scope -> engine.limits(scope).timeout(), REQUEST_TIMEOUT_MARGIN);
    this.queries = new QueryApi(engine, limits, clock, endpoints);
    // The one place the API's reads get Loki's multi-tenant semantics (the engine applies them to
    // its own).
    LogReader tenantAware = CrossTenantReader.over(reader);
    this.metadata = new MetadataApi(tenantAware, engine.tenantLimits(), clock);
    this.tail = new TailApi(engine, engine.tenantLimits(), tailHub, clock, endpoints);
    int maxEntries = limits.maxEntries() > 0 ? limits.maxEntries() : Integer.MAX_VALUE;
    this.traceLogs = new TraceLogsApi(tenantAware, clock, maxEntries, endpoints);
    this.discovery = new DiscoveryEndpoints(tenantAware, engine.tenantLimits(), clock, endpoints);
  }

  /** Binds every route of {@link #ROUTES} on the server being built, and returns it. */
  public ServerBuilder addTo(ServerBuilder server) {
    getAndPost(server, QUERY, endpoints.blocking("query", queries::instantQuery));
    getAndPost(server, QUERY_RANGE, endpoints.blocking("query_range", queries::rangeQuery));
    getAndPost(server, LABELS, endpoints.blocking("labels", metadata::labels));
    getAndPost(server, LABEL_VALUES, endpoints.blocking("label_values", metadata::labelValues));
    getAndPost(server, SERIES, endpoints.blocking("series", metadata::series));
    getAndPost(server, INDEX_STATS, endpoints.blocking("index_stats", metadata::indexStats));
    getAndPost(server, FORMAT_QUERY, endpoints.blocking("format_query", queries::formatQuery));
    server.service(TAIL, tail.service());
    server.route().get(BUILD_INFO).build((ctx, req) -> buildInfo());
    server
        .route()
        .get(TRACE_LOGS)
        .requestTimeout(requestTimeout)
        .build(endpoints.blocking("trace_logs", traceLogs::traceLogs));
    discovery.addTo(server, requestTimeout);
    return server;
  }

  /**
   * Binds {@code GET /ready} answering {@code ready} (200) or 503, as Loki does; for a server that puts this API
   * on a port of its own (Loki's 3100), where Grafana and log shippers probe it.
   */
  public static ServerBuilder addReadyTo(ServerBuilder server, BooleanSupplier ready) {
    server
        .route()
        .get("/ready")
        .build(
            (ctx, req) ->
                ready.getAsBoolean()
                    ? HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "ready\n")
                    : HttpResponse.of(
                        HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT_UTF_8, "not ready\n"));
    return server;
  }

  private void getAndPost(ServerBuilder server, String path, HttpService service) {
    server.route().get(path).post(path).requestTimeout(requestTimeout).build(service);
  }

  private static HttpResponse buildInfo() {
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          out.writeStringField("version", LOKI_VERSION);
          out.writeStringField("revision", "tracemate");
          out.writeStringField("branch", "");
          out.writeStringField("buildUser", "");
          out.writeStringField("buildDate", "");
          out.writeStringField("goVersion", "");
          out.writeEndObject();
        });
  }
}
