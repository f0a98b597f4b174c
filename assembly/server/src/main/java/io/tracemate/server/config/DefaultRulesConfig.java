package io.tracemate.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracemate.alerting.rules.BaselineSpec;
import io.tracemate.alerting.rules.DefaultRules;
import java.time.Duration;

/**
 * {@code ruler.default_rules}: the rules every tenant gets per service without writing one ({@link DefaultRules}),
 * on by default. {@code default_rules: false} switches them all off; each rule's block may be {@code false} too.
 *
 * <pre>
 * default_rules:
 *   error_rate:                 # ServiceErrorRateHigh, severity critical
 *     threshold: 0.05           # default: service_graph.health.critical_error_ratio (the red ring's, 0.05)
 *     window: 5m
 *     for: 5m
 *     severity: critical
 *   latency:                    # ServiceLatencyAboveBaseline: p99 above its learned band
 *     window: 5m
 *     for: 10m
 *     season: 1w                # or 1d
 *     band: 3                   # standard deviations
 *     severity: warning
 *   error_logs:                 # ServiceErrorLogBurst: error-level log lines per service
 *     threshold: 50             # more lines than this in the window
 *     window: 5m
 *     for: 1m
 *     severity: warning
 *   log_service_label: service_name   # the stream label naming the service (OTLP logs)
 *   log_level_label: level            # the stream label holding the level (OTLP logs)
 * </pre>
 */
public record DefaultRulesConfig(
    @JsonProperty("error_rate") Toggled<ErrorRate> errorRate,
    @JsonProperty("latency") Toggled<Latency> latency,
    @JsonProperty("error_logs") Toggled<ErrorLogs> errorLogs,
    @JsonProperty("log_service_label") String logServiceLabel,
    @JsonProperty("log_level_label") String logLevelLabel) {
  public static final DefaultRulesConfig DEFAULTS =
      new DefaultRulesConfig(null, null, null, null, null);

  private static final String PATH = "ruler.default_rules";

  public DefaultRulesConfig {
    errorRate = errorRate == null ? Toggled.byDefault(ErrorRate.DEFAULTS) : errorRate;
    latency = latency == null ? Toggled.byDefault(Latency.DEFAULTS) : latency;
    errorLogs = errorLogs == null ? Toggled.byDefault(ErrorLogs.DEFAULTS) : errorLogs;
    logServiceLabel = label(logServiceLabel, "service_name", "log_service_label");
    logLevelLabel = label(logLevelLabel, "level", "log_level_label");
  }

  /**
   * @param threshold error ratio above which it fires; null: the service graph's {@code critical_error_ratio}
   */
  public record ErrorRate(
      @JsonProperty("threshold") Double threshold,
      @JsonProperty("window") Duration window,
      @JsonProperty("for") Duration forDuration,
      @JsonProperty("severity") String severity) {
    public static final ErrorRate DEFAULTS = new ErrorRate(null, null, null, null);

    public ErrorRate {
      if (threshold != null && !(threshold > 0 && threshold < 1)) {
        throw new IllegalArgumentException(
            PATH + ".error_rate.threshold must be within (0, 1), got " + threshold);
      }
      window = ConfigChecks.positive(window, Duration.ofMinutes(5), PATH + ".error_rate.window");
      forDuration = nonNegative(forDuration, Duration.ofMinutes(5), PATH + ".error_rate.for");
      severity = severity == null ? "critical" : severity;
    }

    DefaultRules.ErrorRate rule(double redRingRatio) {
      return new DefaultRules.ErrorRate(
          threshold == null ? redRingRatio : threshold, window, forDuration, severity);
    }
  }

  public record Latency(
      @JsonProperty("window") Duration window,
      @JsonProperty("for") Duration forDuration,
      @JsonProperty("season") Duration season,
      @JsonProperty("band") Double band,
      @JsonProperty("severity") String severity) {
    public static final Latency DEFAULTS = new Latency(null, null, null, null, null);

    public Latency {
      window = ConfigChecks.positive(window, Duration.ofMinutes(5), PATH + ".latency.window");
      forDuration = nonNegative(forDuration, Duration.ofMinutes(10), PATH + ".latency.for");
      season = season == null ? BaselineSpec.WEEK : season;
      band = band == null ? BaselineSpec.DEFAULT_BAND : band;
      try {
        new BaselineSpec(season, band);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(PATH + ".latency: " + e.getMessage(), e);
      }
      severity = severity == null ? "warning" : severity;
    }

    DefaultRules.Latency rule() {
      return new DefaultRules.Latency(
          window, forDuration, new BaselineSpec(season, band), severity);
    }
  }

  public record ErrorLogs(
      @JsonProperty("threshold") Long threshold,
      @JsonProperty("window") Duration window,
      @JsonProperty("for") Duration forDuration,
      @JsonProperty("severity") String severity) {
    public static final ErrorLogs DEFAULTS = new ErrorLogs(null, null, null, null);

    public ErrorLogs {
      threshold = threshold == null ? 50 : threshold;
      if (threshold < 0) {
        throw new IllegalArgumentException(
            PATH + ".error_logs.threshold must not be negative, got " + threshold);
      }
      window = ConfigChecks.positive(window, Duration.ofMinutes(5), PATH + ".error_logs.window");
      forDuration = nonNegative(forDuration, Duration.ofMinutes(1), PATH + ".error_logs.for");
      severity = severity == null ? "warning" : severity;
    }

    DefaultRules.ErrorLogs rule() {
      return new DefaultRules.ErrorLogs(threshold, window, forDuration, severity);
    }
  }

  /**
   * What to generate, given what runs.
   *
   * @param redRingRatio the service graph's {@code critical_error_ratio}: the error rate's threshold unless set
   * @param spans the span metrics series; null when span metrics are off
   * @param logsOn whether logs are on
   */
  public DefaultRules.Settings settings(
      double redRingRatio, DefaultRules.SpanSeries spans, boolean logsOn) {
    return new DefaultRules.Settings(
        errorRate.enabled() ? errorRate.config().rule(redRingRatio) : null,
        latency.enabled() ? latency.config().rule() : null,
        errorLogs.enabled() ? errorLogs.config().rule() : null,
        spans,
        logsOn ? new DefaultRules.LogLabels(logServiceLabel, logLevelLabel) : null);
  }

  private static Duration nonNegative(Duration value, Duration defaultValue, String key) {
    if (value == null) {
      return defaultValue;
    }
    if (value.isNegative()) {
      throw new IllegalArgumentException(key + " must not be negative, got " + value);
    }
    return value;
  }

  private static String label(String value, String defaultValue, String key) {
    if (value == null) {
      return defaultValue;
    }
    if (!io.tracemate.common.labels.LabelNames.isValid(value)) {
      throw new IllegalArgumentException(PATH + "." + key + " must be a label name, got " + value);
    }
    return value;
  }
}
