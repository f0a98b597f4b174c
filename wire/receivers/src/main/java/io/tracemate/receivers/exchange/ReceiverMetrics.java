package io.tracemate.receivers.exchange;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The receivers' Prometheus metrics, one family set per signal, registered into the registry given (never the
 * default static one). Names and labels are a contract with dashboards; {@code receiver} is {@code otlp},
 * {@code zipkin} or {@code loki}, {@code transport} {@code grpc} or {@code http}:
 *
 * <table>
 *   <caption>Families</caption>
 *   <tr><th>spans ({@link #forSpans})</th><th>logs ({@link #forLogs})</th><th>what</th></tr>
 *   <tr><td>{@code tracemate_receiver_spans_received_total{receiver,transport}}</td>
 *       <td>{@code tracemate_log_receiver_lines_received_total{receiver,transport}}</td>
 *       <td>items in decodable requests, accepted or not</td></tr>
 *   <tr><td>{@code tracemate_receiver_spans_accepted_total{receiver}}</td>
 *       <td>{@code tracemate_log_receiver_lines_accepted_total{receiver}},
 *       {@code tracemate_log_receiver_bytes_accepted_total{receiver}}</td>
 *       <td>made durable and acknowledged (logs: also their line bytes)</td></tr>
 *   <tr><td>{@code tracemate_receiver_spans_rejected_total{receiver,reason}}</td>
 *       <td>{@code tracemate_log_receiver_lines_refused_total{receiver,reason}},
 *       {@code tracemate_log_receiver_bytes_refused_total{receiver,reason}}</td>
 *       <td>refused items by reason: the checks' (spans: {@code invalid_id}, {@code missing_start_time},
 *       {@code too_old}, {@code too_far_in_future}; logs: Loki's discarded-samples reasons), and the consumer's
 *       ({@code backpressure}, {@code internal_error}, {@code ack_timeout}: not confirmed durable before the
 *       request's timeout, answered as retryable; the batch may still be stored)</td></tr>
 *   <tr><td>{@code tracemate_receiver_requests_rejected_total{receiver,reason}}</td>
 *       <td>{@code tracemate_log_receiver_requests_rejected_total{receiver,reason}}</td>
 *       <td>whole requests refused before their items could be counted: {@code malformed}, {@code too_large},
 *       {@code unsupported_media_type}, {@code method_not_allowed}, {@code inflight_limit} (the request-body budget
 *       was full), {@code aborted} by the client, {@code internal_error}, logs {@code invalid_tenant}; a Zipkin
 *       request refused for a span's start time (Zipkin has no partial success) under that reason</td></tr>
 *   <tr><td>{@code tracemate_receiver_request_duration_seconds{receiver}}</td>
 *       <td>{@code tracemate_log_receiver_request_duration_seconds{receiver}}</td>
 *       <td>receipt to answer, including the wait for durability</td></tr>
 * </table>
 *
 * <p>Create one instance per signal and registry (registering twice fails) and share it between that signal's
 * receivers. Thread-safe.
 */
public final class ReceiverMetrics {
  public static final String OTLP = "otlp";
  public static final String ZIPKIN = "zipkin";
  public static final String LOKI = "loki";
  public static final String GRPC = "grpc";
  public static final String HTTP = "http";

  private final Counter received;
  private final Counter accepted;
  private final Counter acceptedBytes; // null: the signal counts no bytes
  private final Counter refused;
  private final Counter refusedBytes; // null likewise
  private final Counter requestsRejected;
  private final Histogram duration;

  private ReceiverMetrics(
      PrometheusRegistry registry,
      String prefix,
      String items,
      String refusedWord,
      String noun,
      boolean bytes) {
    received =
        counter(
            registry,
            prefix + items + "_received",
            noun + " found in decodable requests, accepted or not.",
            "receiver",
            "transport");
    accepted =
        counter(
            registry,
            prefix + items + "_accepted",
            noun + " made durable and acknowledged to the sender.",
            "receiver");
    acceptedBytes =
        bytes
            ? counter(
                registry,
                prefix + "bytes_accepted",
                "Line bytes (UTF-8) of the "
                    + noun.toLowerCase(java.util.Locale.ROOT)
                    + " made durable.",
                "receiver")
            : null;
    refused =
        counter(
            registry,
            prefix + items + "_" + refusedWord,
            noun + " refused, by reason.",
            "receiver",
            "reason");
    refusedBytes =
        bytes
            ? counter(
                registry,
                prefix + "bytes_" + refusedWord,
                "Line bytes of the "
                    + noun.toLowerCase(java.util.Locale.ROOT)
                    + " refused, by reason.",
                "receiver",
                "reason")
            : null;
    requestsRejected =
        counter(
            registry,
            prefix + "requests_rejected",
            "Requests refused before their " + items + " could be counted, by reason.",
            "receiver",
            "reason");
    duration =
        Histogram.builder()
            .name(prefix + "request_duration_seconds")
            .help(
                "Time from receiving a request to answering it, including the wait for durability.")
            .labelNames("receiver")
            .classicOnly()
            .withoutExemplars()
            .register(registry);
  }

  /** The span receivers' families, {@code tracemate_receiver_spans_*}. */
  public static ReceiverMetrics forSpans(PrometheusRegistry registry) {
    return new ReceiverMetrics(
        registry, "tracemate_receiver_", "spans", "rejected", "Spans", false);
  }

  /** The log receivers' families, {@code tracemate_log_receiver_lines_*} and {@code ..._bytes_*}. */
  public static ReceiverMetrics forLogs(PrometheusRegistry registry) {
    return new ReceiverMetrics(
        registry, "tracemate_log_receiver_", "lines", "refused", "Log entries", true);
  }

  private static Counter counter(
      PrometheusRegistry registry, String name, String help, String... labels) {
    return Counter.builder()
        .name(name)
        .help(help)
        .labelNames(labels)
        .withoutExemplars()
        .register(registry);
  }

  public void received(String receiver, String transport, long items) {
    received.labelValues(receiver, transport).inc(items);
  }

  /** @param bytes line bytes, for a signal that counts them */
  public void accepted(String receiver, long items, long bytes) {
    accepted.labelValues(receiver).inc(items);
    if (acceptedBytes != null) {
      acceptedBytes.labelValues(receiver).inc(bytes);
    }
  }

  /** @param bytes line bytes, for a signal that counts them */
  public void refused(String receiver, String reason, long items, long bytes) {
    refused.labelValues(receiver, reason).inc(items);
    if (refusedBytes != null) {
      refusedBytes.labelValues(receiver, reason).inc(bytes);
    }
  }

  public void requestRejected(String receiver, String reason) {
    requestsRejected.labelValues(receiver, reason).inc();
  }

  public void observeDuration(String receiver, long startNanos) {
    duration.labelValues(receiver).observe((System.nanoTime() - startNanos) / 1e9);
  }
}
