package io.tracemate.spanmetrics.config;

import io.tracemate.common.labels.LabelNames;

/**
 * Attribute names to Prometheus label names the way the collector's Prometheus exporter does it
 * ({@code http.route} → {@code http_route}, {@code 5xx} → {@code key_5xx}), so dashboards written against the
 * collector find the same labels.
 */
public final class PrometheusLabels {
  private PrometheusLabels() {}

  public static String sanitize(String name) {
    if (name.isEmpty()) {
      return "key_";
    }
    String replaced = LabelNames.replaceInvalid(name);
    return replaced.charAt(0) >= '0' && replaced.charAt(0) <= '9' ? "key_" + replaced : replaced;
  }

  /** A metric name prefix from a namespace such as {@code traces.span.metrics}; "" stays "". */
  public static String namespacePrefix(String namespace) {
    return namespace.isEmpty() ? "" : sanitize(namespace) + "_";
  }
}
