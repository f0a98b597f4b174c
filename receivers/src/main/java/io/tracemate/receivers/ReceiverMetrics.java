package io.tracemate.receivers;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;

/**
 * The receivers' Prometheus metrics, registered into the registry given to the constructor (never the default
 * static one). Names and labels are a contract with dashboards:
 *
 * <ul>
 *   <li>{@code tracemate_receiver_spans_received_total{receiver,transport}}: spans found in decodable requests
 *       (kept plus rejected). {@code receiver} is {@value #OTLP} or {@value #ZIPKIN}; {@code transport} is
 *       {@value #GRPC} or {@value #HTTP}.
 *   <li>{@code tracemate_receiver_spans_accepted_total{receiver}}: spans the sink made durable.
 *   <li>{@code tracemate_receiver_spans_rejected_total{receiver,reason}}: spans refused, by {@link Reason}
 *       ({@code invalid_id}; for their start time {@code missing_start_time}, {@code too_old},
 *       {@code too_far_in_future}; {@code backpressure}, {@code internal_error}).
 *   <li>{@code tracemate_receiver_requests_rejected_total{receiver,reason}}: whole requests refused before any
 *       span could be counted ({@code malformed}, {@code too_large}, {@code unsupported_media_type},
 *       {@code method_not_allowed}, {@code inflight_limit} when the request-body budget was full, {@code aborted}
 *       by the client, {@code internal_error}); their spans are unknown, so they are counted here, not as spans.
 *       Zipkin has no partial success, so a Zipkin request with a span whose start time is refused is refused
 *       whole and counted here, under that reason ({@code too_old}, {@code too_far_in_future}).
 *   <li>{@code tracemate_receiver_request_duration_seconds{receiver}}: time from receipt to response,
 *       including the wait for durability.
 * </ul>
 *
 * <p>Create one instance per registry (registering twice fails) and share it between receivers.
 * Thread-safe.
 */
public final class ReceiverMetrics {
  public static final String OTLP = "otlp";
  public static final String ZIPKIN = "zipkin";
  public static final String GRPC = "grpc";
  public static final String HTTP = "http";

  /** Why spans or requests were refused; {@link #label()} is the {@code reason} label value. */
  public enum Reason {
    INVALID_ID,
    /** A start time of 0. */
    MISSING_START_TIME,
    /** A start before {@link ReceiverLimits#maxSpanAge()} ago. */
    TOO_OLD,
    /** A start after now + {@link ReceiverLimits#spanCreationGracePeriod()}, or beyond signed nanoseconds. */
    TOO_FAR_IN_FUTURE,
    MALFORMED,
    TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    METHOD_NOT_ALLOWED,
    BACKPRESSURE,
    /** The request-body budget of all requests in flight was full ({@link RequestBodyBudget}). */
    INFLIGHT_LIMIT,
    ABORTED,
    INTERNAL_ERROR;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Counter received;
  private final Counter accepted;
  private final Counter rejected;
  private final Counter requestsRejected;
  private final Histogram duration;

  public ReceiverMetrics(PrometheusRegistry registry) {
    received = Counter.builder()
        .name("tracemate_receiver_spans_received")
        .help("Spans found in decodable requests, accepted or not.")
        .labelNames("receiver", "transport")
        .withoutExemplars()
        .register(registry);
    accepted = Counter.builder()
        .name("tracemate_receiver_spans_accepted")
        .help("Spans made durable and acknowledged to the sender.")
        .labelNames("receiver")
        .withoutExemplars()
        .register(registry);
    rejected = Counter.builder()
        .name("tracemate_receiver_spans_rejected")
        .help("Spans refused, by reason.")
        .labelNames("receiver", "reason")
        .withoutExemplars()
        .register(registry);
    requestsRejected = Counter.builder()
        .name("tracemate_receiver_requests_rejected")
        .help("Requests refused before their spans could be counted, by reason.")
        .labelNames("receiver", "reason")
        .withoutExemplars()
        .register(registry);
    duration = Histogram.builder()
        .name("tracemate_receiver_request_duration_seconds")
        .help("Time from receiving an export request to answering it, including the wait for durability.")
        .labelNames("receiver")
        .classicOnly()
        .withoutExemplars()
        .register(registry);
  }

  void received(String receiver, String transport, int spans) {
    received.labelValues(receiver, transport).inc(spans);
  }

  void accepted(String receiver, int spans) {
    accepted.labelValues(receiver).inc(spans);
  }

  void rejected(String receiver, Reason reason, int spans) {
    rejected.labelValues(receiver, reason.label()).inc(spans);
  }

  void requestRejected(String receiver, Reason reason) {
    requestsRejected.labelValues(receiver, reason.label()).inc();
  }

  void observeDuration(String receiver, long startNanos) {
    duration.labelValues(receiver).observe((System.nanoTime() - startNanos) / 1e9);
  }
}
