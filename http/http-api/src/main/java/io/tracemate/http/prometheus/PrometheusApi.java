package io.tracemate.http.prometheus;

import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import io.tracemate.http.prometheus.series.MetricSeries;
import io.tracemate.http.support.BlockingEndpoints;
import io.tracemate.http.support.RunningQueries;
import io.tracemate.promql.engine.EngineSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Prometheus' HTTP query API ({@code /api/v1/query}, {@code query_range}, {@code series}, {@code labels},
 * {@code label/<name>/values}, {@code metadata}, {@code status/buildinfo}) over the span metrics and service graph
 * series, at {@code /api/v1} and again under {@code /prometheus/api/v1} (the path prefix Grafana's and Jaeger's
 * Prometheus settings are often given, as for Mimir), GET and POST form alike. Every endpoint runs off the event
 * loop, counted under {@code tracemate_queries_running{api="prometheus"}}, with the request's cancellation (the
 * configured time-out; the client going away) handed to the engine; failures are answered in Prometheus' envelope
 * ({@link PromErrors}). Thread-safe.
 */
public final class PrometheusApi {
  /** The prefixes the API is served under. */
  public static final List<String> PREFIXES = List.of("/api/v1", "/prometheus/api/v1");

  /** The paths below a prefix. */
  static final List<String> PATHS =
      List.of(
          "/query",
          "/query_range",
          "/series",
          "/labels",
          "/label/:name/values",
          "/metadata",
          "/status/buildinfo");

  private final PromQueryApi queries;
  private final PromMetadataApi metadata;
  private final BlockingEndpoints endpoints;
  private final Duration requestTimeout;

  /**
   * @param settings the engine's limits and time-out ({@code query.promql})
   * @param running counts the requests being worked on
   */
  public PrometheusApi(
      MetricSeries series, EngineSettings settings, Clock clock, RunningQueries running) {
    Objects.requireNonNull(series, "series");
    this.queries = new PromQueryApi(series, settings, clock);
    this.metadata = new PromMetadataApi(queries, settings);
    this.endpoints =
        BlockingEndpoints.of(PromErrors.API)
            .counted(running, RunningQueries.PROMETHEUS)
            .withTimeout(settings.timeout());
    // Armeria's own time-out is a backstop: the engine's answers first, in Prometheus' words.
    this.requestTimeout = settings.timeout().plusSeconds(10);
  }

  /** Every route pattern this API binds, for the server's route table. */
  public static List<String> routes() {
    List<String> routes = new ArrayList<>();
    for (String prefix : PREFIXES) {
      for (String path : PATHS) {
        routes.add(prefix + path);
      }
    }
    return routes;
  }

  /** Binds every route of {@link #routes()} on the server being built, and returns it. */
  public ServerBuilder addTo(ServerBuilder server) {
    for (String prefix : PREFIXES) {
      getAndPost(server, prefix + "/query", service(queries::instant));
      getAndPost(server, prefix + "/query_range", service(queries::range));
      getAndPost(server, prefix + "/series", service(metadata::series));
      getAndPost(server, prefix + "/labels", service(metadata::labels));
      getAndPost(
          server,
          prefix + "/label/:name/values",
          endpoints.serviceWithBody(
              (ctx, body) ->
                  metadata.labelValues(PromRequest.of(ctx, body), ctx.pathParam("name"))));
      getAndPost(server, prefix + "/metadata", service(metadata::metadata));
      server
          .route()
          .get(prefix + "/status/buildinfo")
          .build((ctx, req) -> PromMetadataApi.buildInfo());
    }
    return server;
  }

  private HttpService service(
      java.util.function.Function<PromRequest, com.linecorp.armeria.common.HttpResponse> handler) {
    return endpoints.serviceWithBody((ctx, body) -> handler.apply(PromRequest.of(ctx, body)));
  }

  private void getAndPost(ServerBuilder server, String path, HttpService service) {
    server.route().get(path).post(path).requestTimeout(requestTimeout).build(service);
  }
}
