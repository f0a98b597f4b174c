package io.tracemate.receivers.logs;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The log receivers' Prometheus metrics, registered into the given registry. Names and labels are a contract with
 * dashboards:
 *
 * <ul>
 *   <li>{@code tracemate_log_receiver_lines_received_total{receiver,transport}}: entries in decodable pushes;
 *       {@code receiver} is {@value #OTLP} or {@value #LOKI}, {@code transport} {@value #GRPC} or {@value #HTTP}.
 *   <li>{@code tracemate_log_receiver_lines_accepted_total{receiver}} and
 *       {@code tracemate_log_receiver_bytes_accepted_total{receiver}}: entries (and their line bytes) made durable.
 *   <li>{@code tracemate_log_receiver_lines_refused_total{receiver,reason}} and
 *       {@code tracemate_log_receiver_bytes_refused_total{receiver,reason}}: by {@link RefusalReason#label()}.
 *   <li>{@code tracemate_log_receiver_requests_rejected_total{receiver,reason}}: pushes refused before their
 *       entries could be counted ({@code malformed}, {@code too_large}, {@code unsupported_media_type},
 *       {@code method_not_allowed}, {@code invalid_tenant}, {@code inflight_limit} when the request-body budget
 *       was full, {@code aborted} by the client, {@code internal_error}).
 *   <li>{@code tracemate_log_receiver_request_duration_seconds{receiver}}: receipt to answer, durability included.
 * </ul>
 *
 * One instance per registry. Thread-safe.
 */
public final class LogReceiverMetrics {
  public static final String OTLP = "otlp";
  public static final String LOKI = "loki";
  public static final String GRPC = "grpc";
  public static final String HTTP = "http";

  private final Counter received;
  private final Counter acceptedLines;
  private final Counter acceptedBytes;
  private final Counter refusedLines;
  private final Counter refusedBytes;
  private final Counter requestsRejected;
  private final Histogram duration;

  public LogReceiverMetrics(PrometheusRegistry registry) {
    received = counter(registry, "tracemate_log_receiver_lines_received",
        "Log entries found in decodable pushes, accepted or not.", "receiver", "transport");
    acceptedLines = counter(registry, "tracemate_log_receiver_lines_accepted",
        "Log entries made durable and acknowledged.", "receiver");
    acceptedBytes = counter(registry, "tracemate_log_receiver_bytes_accepted",
        "Line bytes (UTF-8) of the log entries made durable.", "receiver");
    refusedLines = counter(registry, "tracemate_log_receiver_lines_refused",
        "Log entries refused, by reason.", "receiver", "reason");
    refusedBytes = counter(registry, "tracemate_log_receiver_bytes_refused",
        "Line bytes of the log entries refused, by reason.", "receiver", "reason");
    requestsRejected = counter(registry, "tracemate_log_receiver_requests_rejected",
        "Log pushes refused before their entries could be counted, by reason.", "receiver", "reason");
    duration = Histogram.builder()
        .name("tracemate_log_receiver_request_duration_seconds")
        .help("Time from receiving a log push to answering it, including the wait for durability.")
        .labelNames("receiver")
        .classicOnly()
        .withoutExemplars()
        .register(registry);
  }

  private static Counter counter(PrometheusRegistry registry, String name, String help, String... labels) {
    return Counter.builder().name(name).help(help).labelNames(labels).withoutExemplars().register(registry);
  }

  void received(String receiver, String transport, int lines) {
    received.labelValues(receiver, transport).inc(lines);
  }

  void accepted(String receiver, int lines, long bytes) {
    acceptedLines.labelValues(receiver).inc(lines);
    acceptedBytes.labelValues(receiver).inc(bytes);
  }

  void refused(String receiver, RefusalReason reason, int lines, long bytes) {
    refusedLines.labelValues(receiver, reason.label()).inc(lines);
    refusedBytes.labelValues(receiver, reason.label()).inc(bytes);
  }

  void requestRejected(String receiver, String reason) {
    requestsRejected.labelValues(receiver, reason).inc();
  }

  void observeDuration(String receiver, long startNanos) {
    duration.labelValues(receiver).observe((System.nanoTime() - startNanos) / 1e9);
  }
}
