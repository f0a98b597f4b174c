package io.tracemate.servicegraph;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracemate.common.units.HumanDuration;
import io.tracemate.red.RedSummary;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code health} block of the service graph config: when a node or an edge is healthy, warning or critical,
 * and why.
 *
 * <pre>
 * health:
 *   warning_error_ratio: 0.01    # default 0.01: error ratio from 1 % on is a warning
 *   critical_error_ratio: 0.05   # default 0.05: error ratio above 5 % is critical
 *   p99_ms: 1000                 # no default: a latency SLO for every service (rarely right for all of them)
 *   latency_baseline:            # latency without an SLO: against the service's own recent past
 *     lookback: 24h              # default 24h: the normal is the p99 of this long before the window
 *     factor: 2                  # default 2: p99 above 2 × the normal is a warning...
 *     min_increase_ms: 10        # default 10: ...and at least this much above it (sub-millisecond noise)
 *     min_calls: 50              # default 50: fewer calls in the lookback teach no normal
 *   services:                    # per-service overrides; unset keys inherit the values above
 *     payment-service: {p99_ms: 500, warning_error_ratio: 0.005}
 *     order-service:
 *       p99_ms: 2000
 *       operations:              # per-operation overrides (span names); unset keys inherit the service's
 *         GET /orders/{id}: {p99_ms: 300}
 * </pre>
 *
 * <p>A service's operations are judged by the same rules ({@link #evaluateOperation}): against the operation's
 * own SLO, else its service's, else its own p99 over the lookback before the window.
 *
 * <p>Each node (and edge) gets one {@link HealthReason} per signal and the worst of their states:
 * <ul>
 *   <li>no requests in the window → {@link HealthState#UNKNOWN};
 *   <li>errors: ratio {@code > critical} → critical; {@code ≥ warning} → warning; else healthy (0.99 % is
 *       healthy, 1 % and 5 % are warnings, 5.01 % is critical);
 *   <li>latency, judged against the service's own normal rather than one number for all: with an SLO
 *       ({@code p99_ms} for the service or for all), p99 above it is a warning; without one, p99 above
 *       {@code factor} × the baseline p99 (and {@code min_increase_ms} above it) is a warning; with neither (no
 *       SLO, too little history) latency is reported but not judged. Latency alone is never critical (the seeds'
 *       red means errors or a firing alert);
 *   <li>alerts ({@link HealthReason.Kind#ALERT}): a firing alert with {@code severity="critical"} whose
 *       {@code service_name} or {@code service} label names the node makes it critical; the topology API adds it
 *       from the ruler's live state ({@link Health#with}).
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public record HealthThresholds(
    @JsonProperty("p99_ms") Double p99Millis,
    @JsonProperty("warning_error_ratio") Double warningErrorRatio,
    @JsonProperty("critical_error_ratio") Double criticalErrorRatio,
    @JsonProperty("latency_baseline") LatencyBaseline latencyBaseline,
    @JsonProperty("services") Map<String, ServiceOverride> services) {

  public static final double DEFAULT_WARNING_ERROR_RATIO = 0.01;
  public static final double DEFAULT_CRITICAL_ERROR_RATIO = 0.05;

  private static final String PATH = "service_graph.health";
  private static final Comparator<HealthReason> WORST_FIRST =
      Comparator.comparingInt((HealthReason r) -> severity(r.state())).reversed();

  public HealthThresholds {
    warningErrorRatio = warningErrorRatio == null ? DEFAULT_WARNING_ERROR_RATIO : warningErrorRatio;
    criticalErrorRatio =
        criticalErrorRatio == null ? DEFAULT_CRITICAL_ERROR_RATIO : criticalErrorRatio;
    latencyBaseline = latencyBaseline == null ? LatencyBaseline.DEFAULTS : latencyBaseline;
    check(PATH, p99Millis, warningErrorRatio, criticalErrorRatio);
    services = services == null ? Map.of() : Map.copyOf(new TreeMap<>(services));
    for (Map.Entry<String, ServiceOverride> entry : services.entrySet()) {
      if (entry.getValue() == null) {
        throw new IllegalArgumentException(
            PATH
                + ".services."
                + entry.getKey()
                + " is empty: give at least one of "
                + "p99_ms, warning_error_ratio, critical_error_ratio");
      }
      Thresholds merged =
          entry.getValue().over(new Thresholds(p99Millis, warningErrorRatio, criticalErrorRatio));
      String servicePath = PATH + ".services." + entry.getKey();
      check(
          servicePath, merged.p99Millis(), merged.warningErrorRatio(), merged.criticalErrorRatio());
      for (Map.Entry<String, OperationOverride> operation :
          entry.getValue().operations().entrySet()) {
        String operationPath = servicePath + ".operations." + operation.getKey();
        if (operation.getValue() == null) {
          throw new IllegalArgumentException(
              operationPath
                  + " is empty: give at least one of p99_ms, "
                  + "warning_error_ratio, critical_error_ratio");
        }
        Thresholds ofOperation = operation.getValue().over(merged);
        check(
            operationPath,
            ofOperation.p99Millis(),
            ofOperation.warningErrorRatio(),
            ofOperation.criticalErrorRatio());
      }
    }
  }

  /** Without services overrides or an SLO for all: warning from 1 %, critical above 5 %, latency by baseline. */
  public HealthThresholds(
      Double p99Millis,
      Double warningErrorRatio,
      Double criticalErrorRatio,
      Map<String, ServiceOverride> services) {
    this(p99Millis, warningErrorRatio, criticalErrorRatio, null, services);
  }

  /** Defaults only: warning from 1 %, critical above 5 %, latency against the learned baseline. */
  public static HealthThresholds defaults() {
    return new HealthThresholds(null, null, null, null, null);
  }

  /** The thresholds of {@code service}: its override merged over the defaults. */
  public Thresholds forService(String service) {
    Thresholds defaults = new Thresholds(p99Millis, warningErrorRatio, criticalErrorRatio);
    ServiceOverride override = service == null ? null : services.get(service);
    return override == null ? defaults : override.over(defaults);
  }

  /** The thresholds of one operation (span name) of {@code service}: its override over the service's. */
  public Thresholds forOperation(String service, String operation) {
    Thresholds ofService = forService(service);
    ServiceOverride override = service == null ? null : services.get(service);
    OperationOverride ofOperation =
        override == null || operation == null ? null : override.operations().get(operation);
    return ofOperation == null ? ofService : ofOperation.over(ofService);
  }

  /**
   * Judges {@code red} (requests in a window) by the thresholds of {@code service}.
   *
   * @param baseline the same requests over {@link LatencyBaseline#lookback()} before the window (the learned
   *     normal), or null when unknown
   */
  public Health evaluate(String service, RedSummary red, RedSummary baseline) {
    return evaluate(forService(service), red, baseline);
  }

  /**
   * Judges one operation of {@code service} by the same rules: against its own SLO, else the service's, else its
   * own learned normal ({@code baseline}: the operation's requests over the lookback before the window).
   */
  public Health evaluateOperation(
      String service, String operation, RedSummary red, RedSummary baseline) {
    return evaluate(forOperation(service, operation), red, baseline);
  }

  private Health evaluate(Thresholds t, RedSummary red, RedSummary baseline) {
    double normal =
        baseline != null
                && baseline.calls() >= latencyBaseline.minCalls()
                && Double.isFinite(baseline.p99Millis())
            ? baseline.p99Millis()
            : Double.NaN;
    if (red == null || red.calls() == 0) {
      return new Health(
          HealthState.UNKNOWN,
          List.of(
              new HealthReason(
                  HealthReason.Kind.ERRORS, HealthState.UNKNOWN, "no requests in the window")),
          t,
          normal);
    }
    List<HealthReason> reasons = new ArrayList<>(2);
    reasons.add(errors(red, t));
    reasons.add(latency(red.p99Millis(), t, normal));
    reasons.sort(WORST_FIRST); // stable: errors before latency at equal states
    return new Health(reasons.getFirst().state(), reasons, t, normal);
  }

  /** {@link #evaluate(String, RedSummary, RedSummary)} without a baseline. */
  public Health evaluate(String service, RedSummary red) {
    return evaluate(service, red, null);
  }

  private static HealthReason errors(RedSummary red, Thresholds t) {
    double ratio = (double) red.errors() / red.calls();
    if (ratio > t.criticalErrorRatio()) {
      return new HealthReason(
          HealthReason.Kind.ERRORS,
          HealthState.CRITICAL,
          "error rate " + percent(ratio) + " > " + percent(t.criticalErrorRatio()));
    }
    if (ratio >= t.warningErrorRatio()) {
      return new HealthReason(
          HealthReason.Kind.ERRORS,
          HealthState.WARNING,
          "error rate " + percent(ratio) + " ≥ " + percent(t.warningErrorRatio()));
    }
    return new HealthReason(
        HealthReason.Kind.ERRORS,
        HealthState.HEALTHY,
        "error rate " + percent(ratio) + " < " + percent(t.warningErrorRatio()));
  }

  private HealthReason latency(double p99, Thresholds t, double normal) {
    if (t.p99Millis() != null) {
      double slo = t.p99Millis();
      boolean slow = p99 > slo;
      String p99Text = duration(p99);
      if (slow && p99Text.equals(duration(slo))) {
        p99Text =
            BigDecimal.valueOf(p99)
                    .setScale(2, RoundingMode.HALF_UP)
                    .stripTrailingZeros()
                    .toPlainString()
                + " ms";
      }
      return new HealthReason(
          HealthReason.Kind.LATENCY,
          slow ? HealthState.WARNING : HealthState.HEALTHY,
          "p99 " + p99Text + (slow ? " > SLO " : " ≤ SLO ") + duration(slo));
    }
    if (Double.isNaN(normal)) {
      return new HealthReason(
          HealthReason.Kind.LATENCY,
          HealthState.HEALTHY,
          "p99 "
              + duration(p99)
              + " (not judged: no SLO, and too little traffic in the last "
              + latencyBaseline.lookbackText()
              + " to learn its normal)");
    }
    double times = p99 / normal;
    boolean slow =
        times > latencyBaseline.factor() && p99 - normal >= latencyBaseline.minIncreaseMillis();
    String comparison =
        times >= 1.05
            ? ", "
                + BigDecimal.valueOf(times)
                    .setScale(times >= 10 ? 0 : 1, RoundingMode.HALF_UP)
                    .toPlainString()
                + "× its normal "
            : ", within its normal ";
    return new HealthReason(
        HealthReason.Kind.LATENCY,
        slow ? HealthState.WARNING : HealthState.HEALTHY,
        "p99 "
            + duration(p99)
            + comparison
            + duration(normal)
            + " (p99 of the previous "
            + latencyBaseline.lookbackText()
            + ")");
  }

  static int severity(HealthState state) {
    return switch (state) {
      case UNKNOWN -> 0;
      case HEALTHY -> 1;
      case WARNING -> 2;
      case CRITICAL -> 3;
    };
  }

  /**
   * How latency is judged without an SLO: against the p99 of the {@code lookback} before the window.
   *
   * @param lookback how far back the normal is learned (5 min resolution beyond the last hour)
   * @param factor p99 above this multiple of the normal is a warning
   * @param minIncreaseMillis ...when it is also at least this many ms above it
   * @param minCalls fewer calls in the lookback teach no normal
   */
  public record LatencyBaseline(
      @JsonProperty("lookback") Duration lookback,
      @JsonProperty("factor") Double factor,
      @JsonProperty("min_increase_ms") Double minIncreaseMillis,
      @JsonProperty("min_calls") Integer minCalls) {
    public static final LatencyBaseline DEFAULTS = new LatencyBaseline(null, null, null, null);

    public LatencyBaseline {
      lookback = lookback == null ? Duration.ofHours(24) : lookback;
      factor = factor == null ? 2.0 : factor;
      minIncreaseMillis = minIncreaseMillis == null ? 10.0 : minIncreaseMillis;
      minCalls = minCalls == null ? 50 : minCalls;
      if (lookback.isNegative() || lookback.isZero()) {
        throw new IllegalArgumentException(
            PATH + ".latency_baseline.lookback must be positive, got " + lookback);
      }
      if (!(factor > 1) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException(
            PATH + ".latency_baseline.factor must be a number above 1, got " + factor);
      }
      if (!(minIncreaseMillis >= 0) || Double.isInfinite(minIncreaseMillis)) {
        throw new IllegalArgumentException(
            PATH
                + ".latency_baseline.min_increase_ms must not be negative, got "
                + minIncreaseMillis);
      }
      if (minCalls < 1) {
        throw new IllegalArgumentException(
            PATH + ".latency_baseline.min_calls must be at least 1, got " + minCalls);
      }
    }

    /** "24 h", "90 min", else the duration as configured. */
    String lookbackText() {
      if (lookback.toMinutes() * 60_000 == lookback.toMillis()) {
        long minutes = lookback.toMinutes();
        return minutes % 60 == 0 ? minutes / 60 + " h" : minutes + " min";
      }
      return HumanDuration.format(lookback);
    }
  }

  /**
   * Per-service thresholds; an unset key inherits the default. {@code operations} override them per span name.
   */
  public record ServiceOverride(
      @JsonProperty("p99_ms") Double p99Millis,
      @JsonProperty("warning_error_ratio") Double warningErrorRatio,
      @JsonProperty("critical_error_ratio") Double criticalErrorRatio,
      @JsonProperty("operations") Map<String, OperationOverride> operations) {

    public ServiceOverride {
      operations =
          operations == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new TreeMap<>(operations));
    }

    /** Without per-operation overrides. */
    public ServiceOverride(Double p99Millis, Double warningErrorRatio, Double criticalErrorRatio) {
      this(p99Millis, warningErrorRatio, criticalErrorRatio, null);
    }

    Thresholds over(Thresholds defaults) {
      return new Thresholds(
          p99Millis == null ? defaults.p99Millis() : p99Millis,
          warningErrorRatio == null ? defaults.warningErrorRatio() : warningErrorRatio,
          criticalErrorRatio == null ? defaults.criticalErrorRatio() : criticalErrorRatio);
    }
  }

  /** One operation's thresholds within its service; an unset key inherits the service's. */
  public record OperationOverride(
      @JsonProperty("p99_ms") Double p99Millis,
      @JsonProperty("warning_error_ratio") Double warningErrorRatio,
      @JsonProperty("critical_error_ratio") Double criticalErrorRatio) {

    Thresholds over(Thresholds ofService) {
      return new Thresholds(
          p99Millis == null ? ofService.p99Millis() : p99Millis,
          warningErrorRatio == null ? ofService.warningErrorRatio() : warningErrorRatio,
          criticalErrorRatio == null ? ofService.criticalErrorRatio() : criticalErrorRatio);
    }
  }

  private static void check(String path, Double p99, double warning, double critical) {
    if (p99 != null && (!(p99 > 0) || Double.isInfinite(p99))) {
      throw new IllegalArgumentException(
          path + ".p99_ms must be a positive number of milliseconds, got " + p99);
    }
    if (!(warning >= 0 && warning <= 1)) {
      throw new IllegalArgumentException(
          path + ".warning_error_ratio must be within [0, 1] (0.01 = 1 %), got " + warning);
    }
    if (!(critical >= 0 && critical <= 1)) {
      throw new IllegalArgumentException(
          path + ".critical_error_ratio must be within [0, 1] (0.05 = 5 %), got " + critical);
    }
    if (warning > critical) {
      throw new IllegalArgumentException(
          path
              + ": warning_error_ratio ("
              + warning
              + ") must not exceed critical_error_ratio ("
              + critical
              + ")");
    }
  }

  /** 0.032 → "3.2%", 0.01 → "1%", 0.0501 → "5.01%". */
  static String percent(double ratio) {
    return BigDecimal.valueOf(ratio * 100)
            .setScale(2, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }

  /** Milliseconds for a person: "0.85 ms", "38 ms", "1 s", "4.42 s". */
  static String duration(double millis) {
    if (Double.isNaN(millis)) {
      return "?";
    }
    if (millis >= 1000) {
      BigDecimal seconds = BigDecimal.valueOf(millis / 1000);
      return seconds
              .setScale(millis >= 10_000 ? 1 : 2, RoundingMode.HALF_UP)
              .stripTrailingZeros()
              .toPlainString()
          + " s";
    }
    int scale = millis >= 10 ? 0 : 2;
    return BigDecimal.valueOf(millis)
            .setScale(scale, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString()
        + " ms";
  }
}
