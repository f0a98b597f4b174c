package io.tracemate.demo;

/**
 * A snapshot of what the demo generator has done so far.
 *
 * @param traces traces generated (user requests plus asynchronous Kafka consumer batches)
 * @param spans spans ended and handed to the OpenTelemetry SDK
 * @param spansExported spans the OTLP exporters reported as accepted by the backend
 * @param spansFailed spans whose export failed (backend down, rejected, timed out)
 * @param logs what the services logged, by exporter
 */
public record DemoStats(
    long traces, long spans, long spansExported, long spansFailed, LogStats logs) {

  /** Spans still queued in the SDK or dropped by its bounded queues. */
  public long spansPending() {
    return Math.max(0, spans - spansExported - spansFailed);
  }

  /**
   * Log records written by the simulated services, by the way they leave the process.
   *
   * @param otlpRecords records handed to the OpenTelemetry Logs Bridge (OTLP/gRPC exporter)
   * @param otlpExported of those, records the backend accepted
   * @param otlpFailed of those, records whose export failed
   * @param lokiRecords records handed to the loki4j appenders (Loki push API)
   * @param lokiPushesAccepted push requests (batches) the Loki API answered with 2xx
   * @param lokiPushesFailed push attempts that failed (error status or no connection; retries count again)
   */
  public record LogStats(
      long otlpRecords,
      long otlpExported,
      long otlpFailed,
      long lokiRecords,
      long lokiPushesAccepted,
      long lokiPushesFailed) {

    public static final LogStats NONE = new LogStats(0, 0, 0, 0, 0, 0);

    /** Every record written, whatever the exporter. */
    public long records() {
      return otlpRecords + lokiRecords;
    }
  }
}
