package io.tracemate.spanmetrics.config;

/**
 * Attribute names to Prometheus label names the way the collector's Prometheus exporter does it
 * ({@code http.route} → {@code http_route}, {@code 5xx} → {@code key_5xx}), so dashboards written against the
 * collector find the same labels.
 */
public final class PrometheusLabels {
  private PrometheusLabels() {}

  public static String sanitize(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean valid =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      out.append(valid ? c : '_');
    }
    if (out.isEmpty()) {
      return "key_";
    }
    if (Character.isDigit(out.charAt(0))) {
      out.insert(0, "key_");
    }
    return out.toString();
  }

  /** A metric name prefix from a namespace such as {@code traces.span.metrics}; "" stays "". */
  public static String namespacePrefix(String namespace) {
    return namespace.isEmpty() ? "" : sanitize(namespace) + "_";
  }
}
