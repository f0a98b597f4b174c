package io.tracemate.sharedmetrics;

/** Whose RED series a delta belongs to: each tenant has one store per family. */
public enum MetricsFamily {
  /** Span metrics' series (per service, span name, kind; per instance). */
  SPAN_METRICS("spanmetrics"),
  /** The service graph's edge series. */
  SERVICE_GRAPH("servicegraph");

  private final String wireName;

  MetricsFamily(String wireName) {
    this.wireName = wireName;
  }

  /** The name in a record. */
  public String wireName() {
    return wireName;
  }

  /** The family of a record's name, or null when unknown. */
  static MetricsFamily ofWireName(String name) {
    for (MetricsFamily family : values()) {
      if (family.wireName.equals(name)) {
        return family;
      }
    }
    return null;
  }
}
