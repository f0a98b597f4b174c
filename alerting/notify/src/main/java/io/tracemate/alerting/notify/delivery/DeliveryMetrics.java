package io.tracemate.alerting.notify.delivery;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/**
 * What deliveries did, by integration ({@code alertmanager}, {@code webhook}, {@code slack}, {@code wecom},
 * {@code dingtalk}, {@code feishu}, {@code email}): {@code tracemate_notifications_total{integration,outcome}}
 * counts each attempt as {@code success}, {@code retry} (failed, will be tried again) or {@code failure} (failed
 * and given up: a permanent error, or the retry deadline passed); {@code tracemate_notification_latency_seconds}
 * is the time of each attempt. Thread-safe.
 */
public final class DeliveryMetrics {
  public static final String SUCCESS = "success";
  public static final String RETRY = "retry";
  public static final String FAILURE = "failure";

  private final Counter attempts;
  private final Histogram latency;

  private DeliveryMetrics(Counter attempts, Histogram latency) {
    this.attempts = attempts;
    this.latency = latency;
  }

  /** Metrics kept but not exposed (tests, embedding). */
  public static DeliveryMetrics unregistered() {
    return new DeliveryMetrics(counter().build(), histogram().build());
  }

  public static DeliveryMetrics register(PrometheusRegistry registry) {
    return new DeliveryMetrics(counter().register(registry), histogram().register(registry));
  }

  private static Counter.Builder counter() {
    return Counter.builder()
        .name("tracemate_notifications_total")
        .help(
            "Notification attempts by integration and outcome (success, retry: failed and tried"
                + " again, failure: given up)")
        .labelNames("integration", "outcome");
  }

  private static Histogram.Builder histogram() {
    return Histogram.builder()
        .name("tracemate_notification_latency_seconds")
        .help("Time of each notification attempt, by integration")
        .labelNames("integration")
        .classicOnly()
        .classicUpperBounds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);
  }

  public void attempt(String integration, String outcome, Duration took) {
    attempts.labelValues(integration, outcome).inc();
    latency.labelValues(integration).observe(took.toNanos() / 1e9);
  }

  /** Attempts so far with {@code outcome} (tests, the status API). */
  public long count(String integration, String outcome) {
    return (long) attempts.labelValues(integration, outcome).get();
  }
}
