package io.tracemate.bench;

import java.util.Locale;

/** Which query API the trace-by-ID and search probes use. */
public enum QueryApi {
  /** {@code /api/traces/{id}} and {@code /api/traces?service=&tags=} on the HTTP (query) port. */
  JAEGER,
  /** {@code /api/v2/trace/{id}} and {@code /api/v2/traces?serviceName=&annotationQuery=} on the Zipkin port. */
  ZIPKIN;

  /** {@code jaeger} or {@code zipkin}, as {@code --query-api} takes it. */
  static QueryApi fromCliName(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown query API '" + value + "' (expected jaeger or zipkin)", e);
    }
  }
}
