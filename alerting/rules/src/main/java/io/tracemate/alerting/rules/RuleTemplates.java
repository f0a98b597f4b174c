package io.tracemate.alerting.rules;

import io.tracemate.logql.engine.template.GoTemplate;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Expands the templates of a rule's labels and annotations as Prometheus does: {@code $labels} (the series' labels),
 * {@code $value}, {@code $externalLabels}, {@code $externalURL} and the same as fields of the data
 * ({@code .Labels}, {@code .Value}...), on the LogQL engine's Go-template engine in its rule dialect. A template that
 * fails expands to {@code <error expanding template: ...>}, as in Prometheus, rather than failing the rule. Values
 * are bounded ({@link #MAX_LENGTH} characters). Thread-safe.
 */
final class RuleTemplates {
  /** Longest value a template may build. */
  static final int MAX_LENGTH = 64 * 1024;

  private final Map<String, String> externalLabels;
  private final String externalUrl;
  private final Map<String, GoTemplate> parsed = new ConcurrentHashMap<>();

  RuleTemplates(Map<String, String> externalLabels, String externalUrl) {
    this.externalLabels = Map.copyOf(externalLabels);
    this.externalUrl = Objects.requireNonNull(externalUrl, "externalUrl");
  }

  /** One template expanded for one sample (a rule's evidence query). */
  String expand(
      String template, Map<String, String> labels, double value, RuleEvaluation evaluation) {
    return expandAll(Map.of("t", template), labels, value, evaluation).get("t");
  }

  /** Every value of {@code templates} expanded for one sample. */
  Map<String, String> expandAll(
      Map<String, String> templates,
      Map<String, String> labels,
      double value,
      RuleEvaluation evaluation) {
    Map<String, String> out = new LinkedHashMap<>();
    if (templates.isEmpty()) {
      return out;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("Labels", labels);
    data.put("Value", value);
    data.put("ExternalLabels", externalLabels);
    data.put("ExternalURL", externalUrl);
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("labels", labels);
    variables.put("value", value);
    variables.put("externalLabels", externalLabels);
    variables.put("externalURL", externalUrl);
    long nanos = evaluation.time().getEpochSecond() * 1_000_000_000L + evaluation.time().getNano();
    for (var entry : templates.entrySet()) {
      String text = entry.getValue();
      String expanded;
      if (!text.contains("{{")) {
        expanded = text;
      } else {
        try {
          expanded =
              parsed
                  .computeIfAbsent(text, GoTemplate::parseRuleTemplate)
                  .executeRule(data, variables, nanos, MAX_LENGTH, evaluation.cancellation());
        } catch (RuntimeException e) {
          expanded = "<error expanding template: " + e.getMessage() + ">";
        }
      }
      out.put(entry.getKey(), expanded);
    }
    return out;
  }

  /** The UI's log explorer at {@code query} over {@code [startMillis, endMillis]}. */
  static String logsUrl(String externalUrl, String query, long startMillis, long endMillis) {
    return base(externalUrl)
        + "logs?query="
        + encode(query)
        + "&start="
        + startMillis
        + "&end="
        + endMillis;
  }

  /** The UI's view of one trace. */
  static String traceUrl(String externalUrl, String traceId) {
    return base(externalUrl) + "trace/" + traceId;
  }

  private static String base(String externalUrl) {
    return externalUrl.endsWith("/") ? externalUrl : externalUrl + "/";
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Where an alert's {@code generatorURL} points: the UI at the rule's query and time range. */
  record Urls(String externalUrl, RuleLanguage language, Duration window) {
    String generatorUrl(String expr, Map<String, String> labels, Instant activeAt) {
      long end = activeAt.toEpochMilli() + window.toMillis();
      long start = activeAt.toEpochMilli() - window.toMillis();
      String range = "start=" + start + "&end=" + end;
      String base = base(externalUrl);
      if (language == RuleLanguage.LOGQL) {
        return logsUrl(externalUrl, expr, start, end);
      }
      // No PromQL page in the UI yet: the service the alert is about, or the service list.
      String service = labels.get("service_name");
      if (service == null) {
        service = labels.get("service");
      }
      return base + (service == null ? "services?" : "services/" + encode(service) + "?") + range;
    }
  }

  String externalUrl() {
    return externalUrl;
  }
}
