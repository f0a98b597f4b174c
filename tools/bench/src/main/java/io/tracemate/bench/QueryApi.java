package io.tracemate.bench;

/** Which query API the trace-by-ID and search probes use. */
public enum QueryApi {
  /** {@code /api/traces/{id}} and {@code /api/traces?service=&tags=} on the HTTP (query) port. */
  JAEGER,
  /** {@code /api/v2/trace/{id}} and {@code /api/v2/traces?serviceName=&annotationQuery=} on the Zipkin port. */
  ZIPKIN
}
