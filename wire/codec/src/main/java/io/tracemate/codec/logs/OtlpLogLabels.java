package io.tracemate.codec.logs;

import io.tracemate.common.labels.LabelNames;
import io.tracemate.logs.model.LabelSet;
import java.util.Locale;
import java.util.Map;

/**
 * How OTLP logs become Loki-style streams: which resource attributes turn into stream labels, and how every other
 * attribute name becomes a structured-metadata name.
 *
 * <h2>Stream labels</h2>
 * <table>
 *   <caption>Resource attribute to stream label</caption>
 *   <tr><th>resource attribute</th><th>label</th></tr>
 *   <tr><td>{@code service.name}</td>
 *       <td>{@code service_name} ({@value #UNKNOWN_SERVICE} when absent, as Loki)</td></tr>
 *   <tr><td>{@code service.namespace}</td><td>{@code service_namespace}</td></tr>
 *   <tr><td>{@code k8s.namespace.name}</td><td>{@code namespace}</td></tr>
 *   <tr><td>{@code k8s.pod.name}</td><td>{@code pod}</td></tr>
 *   <tr><td>{@code k8s.container.name}</td><td>{@code container}</td></tr>
 *   <tr><td>{@code k8s.deployment.name}</td><td>{@code deployment}</td></tr>
 *   <tr><td>{@code deployment.environment.name}, {@code deployment.environment}</td><td>{@code env}</td></tr>
 *   <tr><td>{@code host.name}</td><td>{@code host}</td></tr>
 * </table>
 * plus {@code level} from the record's severity ({@link #level}). The set is deliberately small and bounded in
 * cardinality: labels identify streams, and a label per pod is already the most a store should take.
 *
 * <h2>Structured metadata</h2>
 * Every other resource attribute, the scope name ({@code scope_name}) and version ({@code scope_version}), every
 * log attribute, and the record's {@code trace_id}/{@code span_id} become structured metadata, named as Loki's
 * OTLP ingestion names them: dots (and any character outside {@code [a-zA-Z0-9_]}) become underscores, and a
 * leading digit gets an underscore prefix ({@link #metadataName}).
 *
 * <p>Stateless; thread-safe.
 */
public final class OtlpLogLabels {
  /** Loki's stream label when a resource has no {@code service.name}. */
  public static final String UNKNOWN_SERVICE = "unknown_service";

  public static final String SERVICE_NAME = "service_name";
  public static final String LEVEL = "level";

  /** Resource attribute to stream label; order irrelevant. */
  public static final Map<String, String> RESOURCE_TO_LABEL =
      Map.of(
          "service.name", SERVICE_NAME,
          "service.namespace", "service_namespace",
          "k8s.namespace.name", "namespace",
          "k8s.pod.name", "pod",
          "k8s.container.name", "container",
          "k8s.deployment.name", "deployment",
          "deployment.environment.name", "env",
          "deployment.environment", "env",
          "host.name", "host");

  private OtlpLogLabels() {}

  /** The stream label for a resource attribute, or null when it becomes structured metadata. */
  public static String labelFor(String resourceAttribute) {
    return RESOURCE_TO_LABEL.get(resourceAttribute);
  }

  /** {@code http.request.method} → {@code http_request_method}; {@code 1st} → {@code _1st}; "" → "_". */
  public static String metadataName(String attribute) {
    if (attribute.isEmpty()) {
      return "_";
    }
    String name = LabelNames.replaceInvalid(attribute);
    char first = name.charAt(0);
    return first >= '0' && first <= '9' ? "_" + name : name;
  }

  /**
   * Pushed streams (Loki push, Promtail, loki4j) with their {@code level} label in the form the OTLP path gives it,
   * so that {@code INFO}, {@code info} and {@code Information} are one stream, one series in
   * {@code sum by (level)}, and one filter value: lowercased, common spellings normalised as in {@link #level}.
   * Other labels are left as sent.
   */
  public static LabelSet withNormalizedLevel(LabelSet labels) {
    String level = labels.get(LEVEL);
    if (level == null) {
      return labels;
    }
    String normalized = level(0, level);
    return normalized == null || normalized.equals(level) ? labels : labels.with(LEVEL, normalized);
  }

  /**
   * The {@code level} label: from {@code severity_number} when set (1-4 trace, 5-8 debug, 9-12 info, 13-16 warn,
   * 17-20 error, 21-24 fatal), else from {@code severity_text} (lowercased; common spellings such as
   * {@code WARNING}, {@code ERR}, {@code CRITICAL} normalised), else null (no level label).
   */
  public static String level(int severityNumber, String severityText) {
    if (severityNumber >= 1 && severityNumber <= 24) {
      return switch ((severityNumber - 1) / 4) {
        case 0 -> "trace";
        case 1 -> "debug";
        case 2 -> "info";
        case 3 -> "warn";
        case 4 -> "error";
        default -> "fatal";
      };
    }
    if (severityText == null || severityText.isBlank()) {
      return null;
    }
    String text = severityText.trim().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "warning" -> "warn";
      case "err" -> "error";
      case "critical", "crit", "panic", "emergency", "alert" -> "fatal";
      case "information", "informational", "notice" -> "info";
      case "dbg" -> "debug";
      case "trc" -> "trace";
      default -> text;
    };
  }
}
