package io.tracemate.bench;

/** Span kinds of the synthetic workload; the ordinal is the OTLP enum number. */
enum SpanKind {
  UNSPECIFIED,
  INTERNAL,
  SERVER,
  CLIENT,
  PRODUCER,
  CONSUMER
}
