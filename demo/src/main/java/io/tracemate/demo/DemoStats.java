package io.tracemate.demo;

/**
 * A snapshot of what the demo generator has done so far.
 *
 * @param traces traces generated (user requests plus asynchronous Kafka consumer batches)
 * @param spans spans ended and handed to the OpenTelemetry SDK
 * @param spansExported spans the OTLP exporters reported as accepted by the backend
 * @param spansFailed spans whose export failed (backend down, rejected, timed out)
 */
public record DemoStats(long traces, long spans, long spansExported, long spansFailed) {

  /** Spans still queued in the SDK or dropped by its bounded queues. */
  public long spansPending() {
    return Math.max(0, spans - spansExported - spansFailed);
  }
}
