package io.tracemate.http.jaeger;

import com.linecorp.armeria.server.ServerBuilder;
import io.tracemate.http.support.RunningQueries;
import io.tracemate.storage.DependencyReader;
import io.tracemate.storage.TraceReader;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The Jaeger-compatible query API, as Jaeger UI and Grafana's Jaeger data source call it: the v1 JSON API
 * under {@code /api/} and the api_v3 HTTP gateway under {@code /api/v3/}. It only reads, through a
 * {@link TraceReader} and a {@link DependencyReader}, and claims no path outside {@link #ROUTES} (so
 * {@code /}, {@code /ready} and {@code /metrics} stay free for the server).
 *
 * <p>Thread-safe; store calls run on Armeria's blocking task executor, never on an event loop.
 */
public final class JaegerQueryApi {

  /** Every path this API serves (Armeria path patterns). */
  public static final List<String> ROUTES =
      List.of(
          "/api/services",
          "/api/services/{service}/operations",
          "/api/operations",
          "/api/traces",
          "/api/traces/{traceID}",
          "/api/dependencies",
          "/api/v3/services",
          "/api/v3/operations",
          "/api/v3/traces",
          "/api/v3/traces/{trace_id}",
          "/api/v3/trace-summaries",
          "/api/v3/dependencies");

  private final JaegerV1Api v1;
  private final JaegerV3Api v3;

  /** With {@link QueryLimits#DEFAULT}. */
  public JaegerQueryApi(TraceReader traces, DependencyReader dependencies, Clock clock) {
    this(traces, dependencies, clock, QueryLimits.DEFAULT);
  }

  /**
   * @param clock gives "now", which searches and dependency requests default their time window to
   */
  public JaegerQueryApi(
      TraceReader traces, DependencyReader dependencies, Clock clock, QueryLimits limits) {
    this(traces, dependencies, clock, limits, new RunningQueries());
  }

  /**
   * @param running counts searches and reads being worked on ({@code tracemate_queries_running{api="jaeger"}});
   *     each stops when its request is cancelled (Armeria's request time-out, the client going away)
   */
  public JaegerQueryApi(
      TraceReader traces,
      DependencyReader dependencies,
      Clock clock,
      QueryLimits limits,
      RunningQueries running) {
    Objects.requireNonNull(traces, "traces");
    Objects.requireNonNull(dependencies, "dependencies");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(running, "running");
    this.v1 = new JaegerV1Api(traces, dependencies, clock, limits, running);
    this.v3 = new JaegerV3Api(traces, dependencies, limits, running);
  }

  /**
   * Binds every route of {@link #ROUTES} on the server being built (GET; also POST for {@code /api/v3/traces} and
   * {@code /api/v3/trace-summaries}, api_v3's body bindings), and returns it.
   */
  public ServerBuilder addTo(ServerBuilder server) {
    v1.addTo(server);
    v3.addTo(server);
    return server;
  }
}
