package io.tracemate.model;

/** OTLP span kinds, in OTLP's numbering ({@link #ordinal()} equals the wire value). */
public enum SpanKind {
  UNSPECIFIED,
  INTERNAL,
  SERVER,
  CLIENT,
  PRODUCER,
  CONSUMER;

  private static final SpanKind[] VALUES = values();

  /** Unknown numbers map to UNSPECIFIED, as OTLP asks receivers to do. */
  public static SpanKind fromNumber(int number) {
    return number >= 0 && number < VALUES.length ? VALUES[number] : UNSPECIFIED;
  }

  /** Jaeger's lowercase name ("server"), or "" for UNSPECIFIED. */
  public String jaegerName() {
    return this == UNSPECIFIED ? "" : name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Parses Jaeger's lowercase names (and OTLP's upper-case ones).
   *
   * @throws IllegalArgumentException listing the accepted names
   */
  public static SpanKind fromJaegerName(String name) {
    for (SpanKind kind : VALUES) {
      if (kind != UNSPECIFIED && kind.name().equalsIgnoreCase(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown span kind '"
            + name
            + "': expected server, client, producer, consumer or internal");
  }
}
