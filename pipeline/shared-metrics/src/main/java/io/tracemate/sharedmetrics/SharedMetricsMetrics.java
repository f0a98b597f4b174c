package io.tracemate.sharedmetrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The {@code tracemate_shared_metrics_*} counters of the ingesters' and queriers' sides. */
public final class SharedMetricsMetrics {
  final Counter published;
  final Counter read;
  final Counter malformed;
  final Counter rejectedSlots;

  public SharedMetricsMetrics(PrometheusRegistry registry) {
    published =
        Counter.builder()
            .name("tracemate_shared_metrics_published_records")
            .help(
                "RED delta records this ingester handed to the transactions that commit its offsets")
            .register(registry);
    read =
        Counter.builder()
            .name("tracemate_shared_metrics_read_records")
            .help("RED delta records this querier read from the metrics topic and applied")
            .register(registry);
    malformed =
        Counter.builder()
            .name("tracemate_shared_metrics_malformed_records")
            .help("Records of the metrics topic this querier could not read and skipped")
            .register(registry);
    rejectedSlots =
        Counter.builder()
            .name("tracemate_shared_metrics_rejected_slots")
            .help(
                "Slot deltas not applied: older than the RED retention, or of a tenant beyond the"
                    + " tenant bound")
            .register(registry);
  }
}
