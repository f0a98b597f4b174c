package io.tracemate.alerting.rules;

import io.tracemate.common.units.PrometheusDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules every tenant gets without writing one (on by default, {@code ruler.default_rules}): per service, the
 * error ratio above the topology's red threshold, the p99 above its learned band, and a burst of error-level log
 * lines. They are ordinary rule groups in the namespace {@value #NAMESPACE}, listed by the rules APIs like file
 * rules and read-only to the ruler API:
 *
 * <ul>
 *   <li>{@value #GROUP} (PromQL, over the span metrics): records {@value #ERROR_RATIO} and alerts
 *       {@code ServiceErrorRateHigh} above the threshold, with the service's error-level log lines and their trace
 *       IDs as evidence (an {@code evidence} template expanded per alert); learns {@value #LATENCY_P99} (seconds) as a baseline and alerts
 *       {@code ServiceLatencyAboveBaseline} above its upper band;
 *   <li>{@value #LOGS_GROUP} (LogQL): alerts {@code ServiceErrorLogBurst} when a service logs more error-level lines
 *       in the window than the threshold.
 * </ul>
 *
 * Each rule may be switched off (a null part of {@link Settings}). Stateless.
 */
public final class DefaultRules {
  public static final String NAMESPACE = "tracemate-defaults";
  public static final String GROUP = "tracemate-defaults";
  public static final String LOGS_GROUP = "tracemate-defaults-logs";
  public static final String ERROR_RATIO = "service:error_ratio";
  public static final String LATENCY_P99 = "service:latency_p99";

  /**
   * The requests a service handles (its server and consumer spans), as the topology judges a service: not its own
   * calls out, which are its dependencies' health.
   */
  private static final String HANDLED = "span_kind=~\"SPAN_KIND_SERVER|SPAN_KIND_CONSUMER\"";

  /** Error-level severities, as the log receivers and most appenders write them. */
  private static final String ERROR_LEVELS = "(?i)(error|err|fatal|critical|crit|emergency|alert)";

  private DefaultRules() {}

  /**
   * The error-rate rule.
   *
   * @param threshold error ratio above which it fires (the red health ring's, 0.05)
   * @param window the rate window
   * @param forDuration how long the ratio must stay above it
   * @param severity the {@code severity} label
   */
  public record ErrorRate(
      double threshold, Duration window, Duration forDuration, String severity) {
    public ErrorRate {
      if (!(threshold > 0 && threshold < 1)) {
        throw new IllegalArgumentException("threshold must be within (0, 1), got " + threshold);
      }
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(forDuration, "forDuration");
      Objects.requireNonNull(severity, "severity");
    }
  }

  /**
   * The latency rule: p99 above its baseline's upper band.
   *
   * @param window the rate window of the p99
   * @param forDuration how long the p99 must stay above the band
   * @param baseline the season and band width learned
   * @param severity the {@code severity} label
   */
  public record Latency(
      Duration window, Duration forDuration, BaselineSpec baseline, String severity) {
    public Latency {
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(forDuration, "forDuration");
      Objects.requireNonNull(baseline, "baseline");
      Objects.requireNonNull(severity, "severity");
    }
  }

  /**
   * The error-log rule.
   *
   * @param threshold more error-level lines than this in the window fire it
   * @param window the counting window
   * @param forDuration how long the count must stay above it
   * @param severity the {@code severity} label
   */
  public record ErrorLogs(long threshold, Duration window, Duration forDuration, String severity) {
    public ErrorLogs {
      if (threshold < 0) {
        throw new IllegalArgumentException("threshold must not be negative, got " + threshold);
      }
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(forDuration, "forDuration");
      Objects.requireNonNull(severity, "severity");
    }
  }

  /**
   * How log streams say their service and level.
   *
   * @param service the stream label naming the service ({@code service_name}, as the OTLP log receivers write it)
   * @param level the stream label holding the level ({@code level}, as the OTLP log receivers write it)
   */
  public record LogLabels(String service, String level) {
    public LogLabels {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(level, "level");
    }
  }

  /**
   * The span metrics series the PromQL rules read, as the span metrics configuration names them.
   *
   * @param calls the calls counter ({@code traces_span_metrics_calls_total})
   * @param durationBuckets the duration histogram's buckets ({@code traces_span_metrics_duration_milliseconds_bucket});
   *     null when the histogram is off (no latency rule)
   * @param secondsPerUnit seconds per unit of the histogram (0.001 for milliseconds)
   */
  public record SpanSeries(String calls, String durationBuckets, double secondsPerUnit) {
    public SpanSeries {
      Objects.requireNonNull(calls, "calls");
      if (!(secondsPerUnit > 0)) {
        throw new IllegalArgumentException("secondsPerUnit must be positive: " + secondsPerUnit);
      }
    }
  }

  /**
   * What to generate.
   *
   * @param errorRate null: off
   * @param latency null: off
   * @param errorLogs null: off
   * @param spans the span metrics series; null when span metrics are off (no PromQL rules)
   * @param logs the log streams' labels; null when logs are off (no LogQL rule, no evidence query)
   */
  public record Settings(
      ErrorRate errorRate,
      Latency latency,
      ErrorLogs errorLogs,
      SpanSeries spans,
      LogLabels logs) {}

  /** The default groups; empty when everything is off. */
  public static List<RuleGroup> groups(Settings settings) {
    List<RuleGroup> groups = new ArrayList<>();
    List<Rule> metricRules = new ArrayList<>();
    SpanSeries spans = settings.spans();
    if (spans != null && settings.errorRate() != null) {
      ErrorRate e = settings.errorRate();
      String window = "[" + PrometheusDuration.format(e.window()) + "]";
      metricRules.add(
          Rule.recording(
              ERROR_RATIO,
              "sum by (service_name) (rate("
                  + spans.calls()
                  + "{"
                  + HANDLED
                  + ", status_code=\"STATUS_CODE_ERROR\"}"
                  + window
                  + ")) / sum by (service_name) (rate("
                  + spans.calls()
                  + "{"
                  + HANDLED
                  + "}"
                  + window
                  + "))",
              Map.of()));
      Rule alert =
          Rule.alerting(
              "ServiceErrorRateHigh",
              ERROR_RATIO + " > " + e.threshold(),
              e.forDuration(),
              Duration.ZERO,
              Map.of("severity", e.severity()),
              annotations(
                  "{{ $labels.service_name }} fails {{ $value | humanizePercentage }} of its calls",
                  "The error ratio of {{ $labels.service_name }} over the last "
                      + PrometheusDuration.format(e.window())
                      + " is above "
                      + percent(e.threshold())
                      + ", the topology's red threshold."));
      if (settings.logs() != null) {
        alert = alert.withEvidence(serviceErrorLines(settings.logs()));
      }
      metricRules.add(alert);
    }
    if (spans != null && spans.durationBuckets() != null && settings.latency() != null) {
      Latency l = settings.latency();
      String window = PrometheusDuration.format(l.window());
      String p99 =
          "histogram_quantile(0.99, sum by (service_name, le) (rate("
              + spans.durationBuckets()
              + "{"
              + HANDLED
              + "}["
              + window
              + "])))";
      if (spans.secondsPerUnit() != 1) {
        p99 = p99 + " * " + spans.secondsPerUnit();
      }
      metricRules.add(Rule.baseline(LATENCY_P99, p99, l.baseline(), Map.of()));
      metricRules.add(
          Rule.alerting(
              "ServiceLatencyAboveBaseline",
              LATENCY_P99 + " > " + LATENCY_P99 + BaselineRuleRuntime.UPPER,
              l.forDuration(),
              Duration.ZERO,
              Map.of("severity", l.severity()),
              annotations(
                  "{{ $labels.service_name }} answers slower than usual: p99 {{ $value | humanizeDuration }}",
                  "The p99 latency of {{ $labels.service_name }} has been above the upper band it learned for"
                      + " this time of "
                      + (l.baseline().season().equals(BaselineSpec.DAY) ? "day" : "the week")
                      + " (series "
                      + LATENCY_P99
                      + BaselineRuleRuntime.UPPER
                      + ") for "
                      + PrometheusDuration.format(l.forDuration())
                      + ".")));
    }
    if (!metricRules.isEmpty()) {
      groups.add(new RuleGroup(GROUP, RuleLanguage.PROMQL, null, 0, null, metricRules));
    }
    if (settings.logs() != null && settings.errorLogs() != null) {
      ErrorLogs l = settings.errorLogs();
      LogLabels labels = settings.logs();
      String window = PrometheusDuration.format(l.window());
      groups.add(
          new RuleGroup(
              LOGS_GROUP,
              RuleLanguage.LOGQL,
              null,
              0,
              null,
              List.of(
                  Rule.alerting(
                      "ServiceErrorLogBurst",
                      "sum by ("
                          + labels.service()
                          + ") (count_over_time("
                          + errorLines(labels)
                          + " ["
                          + window
                          + "])) > "
                          + l.threshold(),
                      l.forDuration(),
                      Duration.ZERO,
                      Map.of("severity", l.severity()),
                      annotations(
                          "{{ $value }} error lines from {{ $labels."
                              + labels.service()
                              + " }} in "
                              + window,
                          "More than "
                              + l.threshold()
                              + " error-level log lines in "
                              + window
                              + ".")))));
    }
    return groups;
  }

  /** The error-level lines of every service: {@code {service_name=~".+", level=~"(?i)(error|...)"}}. */
  private static String errorLines(LogLabels logs) {
    return "{" + logs.service() + "=~\".+\", " + logs.level() + "=~\"" + ERROR_LEVELS + "\"}";
  }

  /**
   * The error-level lines of the alert's service, as an evidence template: {@code {service_name="{{
   * $labels.service_name }}", level=~"(?i)(error|...)"}}. The value is quoted with Go's {@code printf "%q"}, so a
   * service name with a quote or backslash still makes a valid selector; the alert's series is by {@code
   * service_name}, which the span metrics take from the same resource attribute as the log receivers.
   */
  private static String serviceErrorLines(LogLabels logs) {
    return "{"
        + logs.service()
        + "={{ printf \"%q\" $labels.service_name }}, "
        + logs.level()
        + "=~\""
        + ERROR_LEVELS
        + "\"}";
  }

  private static Map<String, String> annotations(String summary, String description) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("summary", summary);
    out.put("description", description);
    return out;
  }

  private static String percent(double ratio) {
    return java.math.BigDecimal.valueOf(ratio * 100).stripTrailingZeros().toPlainString() + " %";
  }
}
