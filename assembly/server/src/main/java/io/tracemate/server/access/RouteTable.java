package io.tracemate.server.access;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.Route;
import io.tracemate.auth.Permission;
import io.tracemate.http.alerts.AlertsApi;
import io.tracemate.http.prometheus.PrometheusApi;
import io.tracemate.http.rules.PromRulesApi;
import io.tracemate.http.rules.RuleNamespacesApi;
import io.tracemate.http.rules.RulePreviewApi;
import io.tracemate.http.rules.RulerApi;
import io.tracemate.http.silences.SilencesApi;
import io.tracemate.http.spm.SpmApi;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of what every route of every listener needs: a {@link Permission}, or nothing at all (open).
 * Routes are named by their Armeria pattern ({@link Route#patternString()}), so a route is declared exactly as the
 * server serves it; a route that is not in the table is refused ({@link AccessDecorator}), and a test walks every
 * listener's routes and fails for one missing here.
 *
 * <p>Open routes serve nothing of anyone's data: the web UI's files (the app itself asks for a token or a login
 * before it calls an API), its sign-in endpoints under {@code /auth} (each checks the session, the login's state
 * or the caller's credentials itself) and {@code /ready}, which probes must reach without credentials. {@code /metrics} is not
 * open: a scrape sees every service's name and traffic, so Prometheus sends a token with the viewer role
 * ({@code authorization} in its scrape config).
 *
 * <p>Immutable.
 */
public final class RouteTable {
  /**
   * What a route needs: a permission, or {@code null} for an open route; a route that reads with GET and changes
   * with other methods on one path (the ruler's namespaces, the silences) names its {@code writes} permission too.
   */
  public record Rule(Permission permission, Permission writes) {
    public Rule(Permission permission) {
      this(permission, permission);
    }

    public boolean open() {
      return permission == null;
    }

    /** The permission a request with {@code method} needs: {@code permission} to read, {@code writes} else. */
    public Permission permissionFor(HttpMethod method) {
      return method == HttpMethod.GET || method == HttpMethod.HEAD ? permission : writes;
    }
  }

  private static final Rule OPEN = new Rule(null);

  private final Map<String, Rule> rules;

  private RouteTable(Map<String, Rule> rules) {
    this.rules = Collections.unmodifiableMap(rules);
  }

  /** The rule of {@code route}, or empty when the route was never declared (it is then refused). */
  public Optional<Rule> find(Route route) {
    return Optional.ofNullable(rules.get(route.patternString()));
  }

  /** Every declared pattern and its rule, in declaration order. */
  public Map<String, Rule> rules() {
    return rules;
  }

  /** Tracemate's routes. */
  public static RouteTable tracemate() {
    Builder table = new Builder();
    // Probes and the web UI's files (the app, its assets; "/*" is the app's fallback and every
    // listener's 404).
    table.open("/ready", "/favicon.svg", "/assets/*", "/*");
    table.open(
        "/",
        "/search",
        "/trace/:traceID",
        "/topology",
        "/logs",
        "/services",
        "/services/:service",
        "/rules",
        "/compare");
    table.open("/alerts");
    table.declare(Permission.READ, "/metrics");
    // The web UI's login: each endpoint checks what it needs itself (the session, its state, CSRF).
    table.open("/auth/login", "/auth/callback", "/auth/me", "/auth/logout");

    // Receivers: OTLP gRPC, OTLP/HTTP, Zipkin, Loki push.
    table.declare(
        Permission.INGEST,
        "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
        "/opentelemetry.proto.collector.logs.v1.LogsService/Export",
        "/v1/traces",
        "/v1/logs",
        "/otlp/v1/logs",
        "/api/v2/spans",
        "/loki/api/v1/push");

    // Jaeger v1 and api_v3.
    table.declare(
        Permission.READ,
        "/api/services",
        "/api/services/:service/operations",
        "/api/operations",
        "/api/traces",
        "/api/traces/:traceID",
        "/api/dependencies",
        "/api/v3/services",
        "/api/v3/operations",
        "/api/v3/traces",
        "/api/v3/trace-summaries",
        "/api/v3/traces/:trace_id",
        "/api/v3/dependencies");
    // Tracemate's own: analysis, topology, RED, the logs of a trace.
    table.declare(
        Permission.READ,
        "/api/analysis/traces/:traceID",
        "/api/topology",
        "/api/topology/paths",
        "/api/topology/edges/series",
        "/api/red/services",
        "/api/red/services/:service",
        "/api/red/series",
        "/api/logs/trace/:traceID");
    // Prometheus' query API over span metrics and the service graph, also under /prometheus.
    table.declare(Permission.READ, PrometheusApi.routes().toArray(String[]::new));
    // Jaeger's SPM (the Jaeger UI's Monitor tab) over the same series.
    table.declare(Permission.READ, SpmApi.ROUTES.toArray(String[]::new));
    // Loki, live tail included.
    table.declare(
        Permission.READ,
        "/loki/api/v1/query",
        "/loki/api/v1/query_range",
        "/loki/api/v1/labels",
        "/loki/api/v1/label/:name/values",
        "/loki/api/v1/series",
        "/loki/api/v1/index/stats",
        "/loki/api/v1/format_query",
        "/loki/api/v1/tail",
        "/loki/api/v1/status/buildinfo",
        "/loki/api/v1/index/volume",
        "/loki/api/v1/index/volume_range",
        "/loki/api/v1/patterns",
        "/loki/api/v1/detected_fields",
        "/loki/api/v1/detected_field/:name/values",
        "/loki/api/v1/detected_labels",
        "/loki/api/v1/drilldown-limits");
    // Rules: Loki's ruler API (GET reads, POST and DELETE write) and Prometheus' rules and alerts.
    table.declare(Permission.READ, RulerApi.readRoutes().toArray(String[]::new));
    table.declare(
        Permission.READ, Permission.WRITE_RULES, RulerApi.readWriteRoutes().toArray(String[]::new));
    table.declare(Permission.READ, PromRulesApi.routes().toArray(String[]::new));
    // The alerts page's API: alerts in force with their evidence, and the alert history.
    table.declare(Permission.READ, AlertsApi.routes().toArray(String[]::new));
    // Ours for the rule editor: a preview reads what a query reads and changes nothing.
    table.declare(Permission.READ, RulePreviewApi.ROUTE, RuleNamespacesApi.ROUTE);
    // Silences of the built-in contact points: read with GET, changed with POST and DELETE.
    table.declare(
        Permission.READ, Permission.WRITE_RULES, SilencesApi.routes().toArray(String[]::new));
    // Administration.
    table.declare(Permission.ADMIN, "/api/admin/audit", "/runtime_config");
    return table.build();
  }

  /** Collects declarations; a pattern declared twice is a mistake in the table. */
  static final class Builder {
    private final Map<String, Rule> rules = new LinkedHashMap<>();

    Builder open(String... patterns) {
      for (String pattern : patterns) {
        put(pattern, OPEN);
      }
      return this;
    }

    Builder declare(Permission permission, String... patterns) {
      for (String pattern : patterns) {
        put(pattern, new Rule(permission));
      }
      return this;
    }

    /** Routes read with GET (needing {@code reads}) and changed with other methods (needing {@code writes}). */
    Builder declare(Permission reads, Permission writes, String... patterns) {
      for (String pattern : patterns) {
        put(pattern, new Rule(reads, writes));
      }
      return this;
    }

    private void put(String pattern, Rule rule) {
      if (rules.putIfAbsent(pattern, rule) != null) {
        throw new IllegalStateException("route " + pattern + " is declared twice");
      }
    }

    RouteTable build() {
      return new RouteTable(new LinkedHashMap<>(rules));
    }
  }
}
