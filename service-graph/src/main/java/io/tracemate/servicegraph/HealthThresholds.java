package io.tracemate.servicegraph;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracemate.red.RedSummary;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code health} block of the service graph config: when a node is healthy, warning or critical.
 *
 * <pre>
 * health:
 *   p99_ms: 1000                 # default 1000: p99 above it is a warning
 *   warning_error_ratio: 0.01    # default 0.01: error ratio from 1 % on is a warning
 *   critical_error_ratio: 0.05   # default 0.05: error ratio above 5 % is critical
 *   services:                    # per-service overrides; unset keys inherit the defaults above
 *     payment-service: {p99_ms: 500, warning_error_ratio: 0.005}
 * </pre>
 *
 * <p>Rules ({@link #evaluate}), in this order: no requests in the window → {@link HealthState#UNKNOWN};
 * error ratio {@code > critical} → {@link HealthState#CRITICAL}; error ratio {@code ≥ warning} or
 * {@code p99 > p99_ms} → {@link HealthState#WARNING}; otherwise {@link HealthState#HEALTHY}. So 0.99 % is healthy,
 * 1 % and 5 % are warnings, 5.01 % is critical.
 *
 * <p>Immutable and thread-safe.
 */
public record HealthThresholds(
    @JsonProperty("p99_ms") Double p99Millis,
    @JsonProperty("warning_error_ratio") Double warningErrorRatio,
    @JsonProperty("critical_error_ratio") Double criticalErrorRatio,
    @JsonProperty("services") Map<String, ServiceOverride> services) {

  public static final double DEFAULT_P99_MILLIS = 1000;
  public static final double DEFAULT_WARNING_ERROR_RATIO = 0.01;
  public static final double DEFAULT_CRITICAL_ERROR_RATIO = 0.05;

  private static final String PATH = "service_graph.health";

  public HealthThresholds {
    p99Millis = p99Millis == null ? DEFAULT_P99_MILLIS : p99Millis;
    warningErrorRatio = warningErrorRatio == null ? DEFAULT_WARNING_ERROR_RATIO : warningErrorRatio;
    criticalErrorRatio = criticalErrorRatio == null ? DEFAULT_CRITICAL_ERROR_RATIO : criticalErrorRatio;
    check(PATH, p99Millis, warningErrorRatio, criticalErrorRatio);
    services = services == null ? Map.of() : Map.copyOf(new TreeMap<>(services));
    for (Map.Entry<String, ServiceOverride> entry : services.entrySet()) {
      if (entry.getValue() == null) {
        throw new IllegalArgumentException(PATH + ".services." + entry.getKey() + " is empty: give at least one of "
            + "p99_ms, warning_error_ratio, critical_error_ratio");
      }
      Thresholds merged = entry.getValue().over(new Thresholds(p99Millis, warningErrorRatio, criticalErrorRatio));
      check(PATH + ".services." + entry.getKey(), merged.p99Millis(), merged.warningErrorRatio(),
          merged.criticalErrorRatio());
    }
  }

  /** Defaults only: p99 1 s, warning from 1 %, critical above 5 %. */
  public static HealthThresholds defaults() {
    return new HealthThresholds(null, null, null, null);
  }

  /** The thresholds of {@code service}: its override merged over the defaults. */
  public Thresholds forService(String service) {
    Thresholds defaults = new Thresholds(p99Millis, warningErrorRatio, criticalErrorRatio);
    ServiceOverride override = services.get(service);
    return override == null ? defaults : override.over(defaults);
  }

  /** Judges {@code red} (a node's requests in a window) by the thresholds of {@code service}. */
  public Health evaluate(String service, RedSummary red) {
    Thresholds t = forService(service);
    if (red == null || red.calls() == 0) {
      return new Health(HealthState.UNKNOWN, "no requests in the window", t);
    }
    double ratio = (double) red.errors() / red.calls();
    double p99 = red.p99Millis();
    boolean slow = p99 > t.p99Millis();
    String p99Text = millis(p99);
    if (slow && p99Text.equals(millis(t.p99Millis()))) {
      p99Text = BigDecimal.valueOf(p99).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
    String latency = "p99 " + p99Text + " ms" + (slow ? " > " : " ≤ ") + millis(t.p99Millis()) + " ms";
    if (ratio > t.criticalErrorRatio()) {
      return new Health(HealthState.CRITICAL,
          "error rate " + percent(ratio) + " > " + percent(t.criticalErrorRatio()), t);
    }
    if (ratio >= t.warningErrorRatio()) {
      String reason = "error rate " + percent(ratio) + " ≥ " + percent(t.warningErrorRatio());
      return new Health(HealthState.WARNING, slow ? reason + "; " + latency : reason, t);
    }
    if (slow) {
      return new Health(HealthState.WARNING, latency, t);
    }
    return new Health(HealthState.HEALTHY,
        "error rate " + percent(ratio) + " < " + percent(t.warningErrorRatio()) + ", " + latency, t);
  }

  /**
   * Per-service thresholds; an unset key inherits the default.
   */
  public record ServiceOverride(
      @JsonProperty("p99_ms") Double p99Millis,
      @JsonProperty("warning_error_ratio") Double warningErrorRatio,
      @JsonProperty("critical_error_ratio") Double criticalErrorRatio) {

    Thresholds over(Thresholds defaults) {
      return new Thresholds(
          p99Millis == null ? defaults.p99Millis() : p99Millis,
          warningErrorRatio == null ? defaults.warningErrorRatio() : warningErrorRatio,
          criticalErrorRatio == null ? defaults.criticalErrorRatio() : criticalErrorRatio);
    }
  }

  private static void check(String path, double p99, double warning, double critical) {
    if (!(p99 > 0) || Double.isInfinite(p99)) {
      throw new IllegalArgumentException(path + ".p99_ms must be a positive number of milliseconds, got " + p99);
    }
    if (!(warning >= 0 && warning <= 1)) {
      throw new IllegalArgumentException(path + ".warning_error_ratio must be within [0, 1] (0.01 = 1 %), got "
          + warning);
    }
    if (!(critical >= 0 && critical <= 1)) {
      throw new IllegalArgumentException(path + ".critical_error_ratio must be within [0, 1] (0.05 = 5 %), got "
          + critical);
    }
    if (warning > critical) {
      throw new IllegalArgumentException(path + ": warning_error_ratio (" + warning
          + ") must not exceed critical_error_ratio (" + critical + ")");
    }
  }

  /** 0.032 → "3.2%", 0.01 → "1%", 0.0501 → "5.01%". */
  static String percent(double ratio) {
    return BigDecimal.valueOf(ratio * 100).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()
        + "%";
  }

  /** Whole milliseconds from 10 ms on, two decimals below. */
  static String millis(double value) {
    if (Double.isNaN(value)) {
      return "?";
    }
    int scale = value >= 10 ? 0 : 2;
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
