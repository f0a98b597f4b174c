package io.tracemate.demo;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the demo traffic generator sends and where.
 *
 * @param otlpEndpoint OTLP/gRPC endpoint of the backend, e.g. {@code http://127.0.0.1:4317}
 * @param tracesPerSecond user requests (traces) started per second, across all simulated services
 * @param seed seed of the scenario randomness (routes, latencies, faults); trace and span IDs stay
 *     random so that two runs never collide in the backend
 * @param errorRate fraction of user requests that hit a fault somewhere (0..1)
 * @param slowQueryRate fraction of order-service requests whose {@code audit_log} query is the slow
 *     4.5 s full table scan of the troubleshooting story (0..1; 1 forces it, for tests)
 * @param environment value of {@code deployment.environment} on every simulated service
 * @param maxTraces stop generating after this many user requests; 0 means run until closed
 * @param logsEnabled whether the services log (request logs, warnings, errors with stack traces,
 *     DEBUG chatter); most send them as OTLP logs to {@code otlpEndpoint}
 * @param lokiEndpoint base URL of the backend's Loki-compatible HTTP API (its query port, e.g.
 *     {@code http://127.0.0.1:16686}); bank-gateway and analytics-service push their logs to
 *     {@code <lokiEndpoint>/loki/api/v1/push} through loki4j. Null: they send OTLP logs like the others
 */
public record DemoOptions(
    String otlpEndpoint,
    double tracesPerSecond,
    long seed,
    double errorRate,
    double slowQueryRate,
    String environment,
    long maxTraces,
    boolean logsEnabled,
    String lokiEndpoint) {

  public static final double DEFAULT_TRACES_PER_SECOND = 5;
  public static final long DEFAULT_SEED = 42;
  public static final double DEFAULT_ERROR_RATE = 0.02;
  public static final double DEFAULT_SLOW_QUERY_RATE = 0.01;
  public static final String DEFAULT_ENVIRONMENT = "prod";

  /** Above this the single generator thread would fall behind on a small machine. */
  public static final double MAX_TRACES_PER_SECOND = 20_000;

  public DemoOptions {
    if (otlpEndpoint == null || otlpEndpoint.isBlank()) {
      throw new IllegalArgumentException("otlpEndpoint is required, e.g. http://127.0.0.1:4317");
    }
    checkEndpoint("otlpEndpoint", otlpEndpoint);
    if (lokiEndpoint != null) {
      checkEndpoint("lokiEndpoint", lokiEndpoint);
    }
    if (!(tracesPerSecond > 0) || tracesPerSecond > MAX_TRACES_PER_SECOND) {
      throw new IllegalArgumentException(
          "tracesPerSecond must be in (0, " + MAX_TRACES_PER_SECOND + "], got " + tracesPerSecond);
    }
    checkFraction("errorRate", errorRate);
    checkFraction("slowQueryRate", slowQueryRate);
    if (environment == null || environment.isBlank()) {
      throw new IllegalArgumentException("environment must not be blank");
    }
    if (maxTraces < 0) {
      throw new IllegalArgumentException(
          "maxTraces must be >= 0 (0 = unbounded), got " + maxTraces);
    }
  }

  /**
   * The latency SLOs (p99, milliseconds) the simulated shop's team would declare for its services, as the demo
   * server's health thresholds: the checkout path must answer within seconds, the AI risk check within two. Services
   * not listed are judged against their learned normal.
   */
  public static Map<String, Integer> latencySlosMillis() {
    return Map.of(
        "api-gateway", 3_000,
        "order-service", 2_000,
        "payment-service", 4_000,
        "risk-control", 2_000,
        "inventory-service", 1_500,
        "bank-gateway", 4_000,
        "notification-service", 1_000,
        "analytics-service", 1_000);
  }

  /**
   * The defaults: 5 traces/s, 2 % errors, 1 % slow audit queries, unbounded, logs on (all OTLP
   * until {@link #withLokiEndpoint} names the Loki API).
   */
  public static DemoOptions defaults(String otlpEndpoint) {
    return new DemoOptions(
        otlpEndpoint,
        DEFAULT_TRACES_PER_SECOND,
        DEFAULT_SEED,
        DEFAULT_ERROR_RATE,
        DEFAULT_SLOW_QUERY_RATE,
        DEFAULT_ENVIRONMENT,
        0,
        true,
        null);
  }

  /** Where loki4j pushes: {@code lokiEndpoint} plus {@code /loki/api/v1/push}; null without one. */
  public String lokiPushUrl() {
    if (lokiEndpoint == null) {
      return null;
    }
    String base =
        lokiEndpoint.endsWith("/")
            ? lokiEndpoint.substring(0, lokiEndpoint.length() - 1)
            : lokiEndpoint;
    return base + LokiLogChannel.PUSH_PATH;
  }

  public DemoOptions withTracesPerSecond(double value) {
    return edit(draft -> draft.tracesPerSecond = value);
  }

  public DemoOptions withSeed(long value) {
    return edit(draft -> draft.seed = value);
  }

  public DemoOptions withErrorRate(double value) {
    return edit(draft -> draft.errorRate = value);
  }

  public DemoOptions withSlowQueryRate(double value) {
    return edit(draft -> draft.slowQueryRate = value);
  }

  public DemoOptions withEnvironment(String value) {
    return edit(draft -> draft.environment = value);
  }

  public DemoOptions withMaxTraces(long value) {
    return edit(draft -> draft.maxTraces = value);
  }

  /** Switches the services' logs on or off (on by default). */
  public DemoOptions withLogs(boolean value) {
    return edit(draft -> draft.logsEnabled = value);
  }

  /** The Loki API base URL, e.g. {@code http://127.0.0.1:16686}; null sends every log over OTLP. */
  public DemoOptions withLokiEndpoint(String value) {
    return edit(draft -> draft.lokiEndpoint = value);
  }

  /** A copy with the change applied, checked by the constructor like any other. */
  private DemoOptions edit(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.build();
  }

  /**
   * The components of options being edited, so that each {@code with...} names only what it changes (a record has
   * no withers of its own). Mutable; confined to one {@link #edit}.
   */
  private static final class Draft {
    String otlpEndpoint;
    double tracesPerSecond;
    long seed;
    double errorRate;
    double slowQueryRate;
    String environment;
    long maxTraces;
    boolean logsEnabled;
    String lokiEndpoint;

    Draft(DemoOptions options) {
      otlpEndpoint = options.otlpEndpoint;
      tracesPerSecond = options.tracesPerSecond;
      seed = options.seed;
      errorRate = options.errorRate;
      slowQueryRate = options.slowQueryRate;
      environment = options.environment;
      maxTraces = options.maxTraces;
      logsEnabled = options.logsEnabled;
      lokiEndpoint = options.lokiEndpoint;
    }

    DemoOptions build() {
      return new DemoOptions(
          otlpEndpoint,
          tracesPerSecond,
          seed,
          errorRate,
          slowQueryRate,
          environment,
          maxTraces,
          logsEnabled,
          lokiEndpoint);
    }
  }

  private static void checkEndpoint(String name, String endpoint) {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          name + " is not a URI: " + endpoint + " (" + e.getMessage() + ")", e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          name + " must start with http:// or https://, got " + endpoint);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(name + " has no host: " + endpoint);
    }
  }

  private static void checkFraction(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be within [0, 1], got " + value);
    }
  }
}
