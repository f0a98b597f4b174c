package io.tracemate.servicegraph;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Prometheus side of the service graph, with the collector servicegraph connector's names and labels
 * ({@code client}, {@code server}, {@code connection_type}), so Grafana's service graph view works unchanged:
 * {@code traces_service_graph_request_total}, {@code traces_service_graph_request_failed_total},
 * {@code traces_service_graph_request_server_seconds} and {@code traces_service_graph_request_client_seconds}
 * (classic histograms, the configured buckets); plus Tracemate's own pairing-store gauges and counters.
 *
 * <p>Thread-safe (client_java metrics are).
 */
final class ServiceGraphMetrics {

  private static final String[] LABELS = {"client", "server", "connection_type"};

  private final Counter requests;
  private final Counter failed;
  private final Histogram serverSeconds;
  private final Histogram clientSeconds;
  private final Supplier<ServiceGraphStats> stats;

  /** Data points of one (client, server, connection_type) combination, looked up once per edge. */
  record Children(
      CounterDataPoint requests,
      CounterDataPoint failed,
      DistributionDataPoint serverSeconds,
      DistributionDataPoint clientSeconds) {

    void observe(CompletedEdge edge) {
      requests.inc();
      if (edge.failed()) {
        failed.inc();
      }
      serverSeconds.observe(edge.serverDurationNanos() / 1e9);
      clientSeconds.observe(edge.clientDurationNanos() / 1e9);
    }
  }

  ServiceGraphMetrics(List<Duration> buckets, Supplier<ServiceGraphStats> stats) {
    double[] bounds = buckets.stream().mapToDouble(b -> b.toNanos() / 1e9).toArray();
    this.stats = stats;
    requests =
        Counter.builder()
            .name("traces_service_graph_request_total")
            .help("Total count of requests between two nodes")
            .labelNames(LABELS)
            .build();
    failed =
        Counter.builder()
            .name("traces_service_graph_request_failed_total")
            .help("Total count of failed requests between two nodes")
            .labelNames(LABELS)
            .build();
    serverSeconds =
        Histogram.builder()
            .name("traces_service_graph_request_server_seconds")
            .help("Time for a request between two nodes as seen from the server")
            .labelNames(LABELS)
            .classicOnly()
            .classicUpperBounds(bounds)
            .build();
    clientSeconds =
        Histogram.builder()
            .name("traces_service_graph_request_client_seconds")
            .help("Time for a request between two nodes as seen from the client")
            .labelNames(LABELS)
            .classicOnly()
            .classicUpperBounds(bounds)
            .build();
  }

  Children children(EdgeKey key) {
    String[] labels = {key.client(), key.server(), key.connectionType().label()};
    return new Children(
        requests.labelValues(labels),
        failed.labelValues(labels),
        serverSeconds.labelValues(labels),
        clientSeconds.labelValues(labels));
  }

  /** Drops the series of a (client, server, connection_type) no live edge uses any more. */
  void remove(String client, String server, ConnectionType connectionType) {
    String[] labels = {client, server, connectionType.label()};
    requests.remove(labels);
    failed.remove(labels);
    serverSeconds.remove(labels);
    clientSeconds.remove(labels);
  }

  void register(PrometheusRegistry registry) {
    registry.register(requests);
    registry.register(failed);
    registry.register(serverSeconds);
    registry.register(clientSeconds);
    registry.register(
        GaugeWithCallback.builder()
            .name("tracemate_servicegraph_pending_edges")
            .help("Half edges (spans) waiting in the service graph store for their other side")
            .callback(callback -> callback.call(stats.get().pendingHalfEdges()))
            .build());
    registry.register(
        CounterWithCallback.builder()
            .name("tracemate_servicegraph_expired_total")
            .help("Half edges that reached the store TTL without meeting their other side")
            .callback(callback -> callback.call(stats.get().expiredHalfEdges()))
            .build());
    registry.register(
        CounterWithCallback.builder()
            .name("tracemate_servicegraph_evicted_total")
            .help("Half edges pushed out of the full store (max_items) before their TTL")
            .callback(callback -> callback.call(stats.get().evictedHalfEdges()))
            .build());
    registry.register(
        CounterWithCallback.builder()
            .name("tracemate_servicegraph_dropped_edges_total")
            .help("Requests not recorded because max_edges distinct edges were already tracked")
            .callback(callback -> callback.call(stats.get().droppedRequests()))
            .build());
    registry.register(
        GaugeWithCallback.builder()
            .name("tracemate_servicegraph_edges")
            .help("Distinct edges tracked")
            .callback(callback -> callback.call(stats.get().edges()))
            .build());
  }
}
