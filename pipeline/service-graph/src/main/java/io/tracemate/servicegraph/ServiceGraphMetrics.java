package io.tracemate.servicegraph;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.component.tenant.TenantMetrics;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The Prometheus side of the service graph, with the collector servicegraph connector's names and labels
 * ({@code client}, {@code server}, {@code connection_type}), so Grafana's service graph view works unchanged:
 * {@code traces_service_graph_request_total}, {@code traces_service_graph_request_failed_total},
 * {@code traces_service_graph_request_server_seconds} and {@code traces_service_graph_request_client_seconds}
 * (classic histograms, the configured buckets); plus Tracemate's own pairing-store gauges and counters.
 *
 * <p>One instance serves every tenant's graph. With the tenant label (multitenancy on) every series also has
 * {@code tenant} and {@link #collect(TenantScope)} shows the scope's tenants only; without it, the series are as
 * before tenants, every tenant's together.
 *
 * <p>Thread-safe (client_java metrics are).
 */
final class ServiceGraphMetrics implements MultiCollector, TenantMetrics {

  private static final String[] EDGE_LABELS = {"client", "server", "connection_type"};
  private static final String[] TENANT_EDGE_LABELS = {
    "client", "server", "connection_type", TENANT_LABEL
  };

  private final boolean tenantLabel;
  private final Counter requests;
  private final Counter failed;
  private final Histogram serverSeconds;
  private final Histogram clientSeconds;
  private final Function<TenantScope, SortedMap<TenantId, ServiceGraphStats>> stats;

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

  /**
   * @param stats the pairing-store figures of the tenants of a scope (every tenant for a null scope)
   */
  ServiceGraphMetrics(
      List<Duration> buckets,
      boolean tenantLabel,
      Function<TenantScope, SortedMap<TenantId, ServiceGraphStats>> stats) {
    double[] bounds = buckets.stream().mapToDouble(b -> b.toNanos() / 1e9).toArray();
    this.tenantLabel = tenantLabel;
    this.stats = stats;
    String[] labels = tenantLabel ? TENANT_EDGE_LABELS : EDGE_LABELS;
    requests =
        Counter.builder()
            .name("traces_service_graph_request_total")
            .help("Total count of requests between two nodes")
            .labelNames(labels)
            .build();
    failed =
        Counter.builder()
            .name("traces_service_graph_request_failed_total")
            .help("Total count of failed requests between two nodes")
            .labelNames(labels)
            .build();
    serverSeconds =
        Histogram.builder()
            .name("traces_service_graph_request_server_seconds")
            .help("Time for a request between two nodes as seen from the server")
            .labelNames(labels)
            .classicOnly()
            .classicUpperBounds(bounds)
            .build();
    clientSeconds =
        Histogram.builder()
            .name("traces_service_graph_request_client_seconds")
            .help("Time for a request between two nodes as seen from the client")
            .labelNames(labels)
            .classicOnly()
            .classicUpperBounds(bounds)
            .build();
  }

  Children children(TenantId tenant, EdgeKey key) {
    String[] labels = labelValues(tenant, key.client(), key.server(), key.connectionType());
    return new Children(
        requests.labelValues(labels),
        failed.labelValues(labels),
        serverSeconds.labelValues(labels),
        clientSeconds.labelValues(labels));
  }

  /** Drops the series of a (client, server, connection_type) no live edge of the tenant uses any more. */
  void remove(TenantId tenant, String client, String server, ConnectionType connectionType) {
    String[] labels = labelValues(tenant, client, server, connectionType);
    requests.remove(labels);
    failed.remove(labels);
    serverSeconds.remove(labels);
    clientSeconds.remove(labels);
  }

  private String[] labelValues(
      TenantId tenant, String client, String server, ConnectionType connectionType) {
    return tenantLabel
        ? new String[] {client, server, connectionType.label(), tenant.value()}
        : new String[] {client, server, connectionType.label()};
  }

  /** Every tenant's series. */
  @Override
  public MetricSnapshots collect() {
    return collect((TenantScope) null);
  }

  /** The series of the scope's tenants (every tenant's without the tenant label, or for a null scope). */
  @Override
  public MetricSnapshots collect(TenantScope scope) {
    TenantScope shown = tenantLabel ? scope : null;
    SortedMap<TenantId, ServiceGraphStats> figures = stats.apply(shown);
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    for (MetricSnapshot edges :
        List.of(
            requests.collect(),
            failed.collect(),
            serverSeconds.collect(),
            clientSeconds.collect())) {
      out.metricSnapshot(shown == null ? edges : TenantMetrics.inScope(edges, shown));
    }
    out.metricSnapshot(
        gauge(
            "tracemate_servicegraph_pending_edges",
            "Half edges (spans) waiting in the service graph store for their other side",
            figures,
            ServiceGraphStats::pendingHalfEdges));
    out.metricSnapshot(
        counter(
            "tracemate_servicegraph_expired",
            "Half edges that reached the store TTL without meeting their other side",
            figures,
            ServiceGraphStats::expiredHalfEdges));
    out.metricSnapshot(
        counter(
            "tracemate_servicegraph_evicted",
            "Half edges pushed out of the full store (max_items) before their TTL",
            figures,
            ServiceGraphStats::evictedHalfEdges));
    out.metricSnapshot(
        counter(
            "tracemate_servicegraph_dropped_edges",
            "Requests not recorded because max_edges distinct edges were already tracked",
            figures,
            ServiceGraphStats::droppedRequests));
    out.metricSnapshot(
        gauge(
            "tracemate_servicegraph_edges",
            "Distinct edges tracked",
            figures,
            ServiceGraphStats::edges));
    return out.build();
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(
        "traces_service_graph_request",
        "traces_service_graph_request_failed",
        "traces_service_graph_request_server_seconds",
        "traces_service_graph_request_client_seconds",
        "tracemate_servicegraph_pending_edges",
        "tracemate_servicegraph_expired",
        "tracemate_servicegraph_evicted",
        "tracemate_servicegraph_dropped_edges",
        "tracemate_servicegraph_edges");
  }

  private GaugeSnapshot gauge(
      String name,
      String help,
      SortedMap<TenantId, ServiceGraphStats> figures,
      ToDoubleFunction<ServiceGraphStats> figure) {
    GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
    if (tenantLabel) {
      figures.forEach(
          (tenant, stats) ->
              builder.dataPoint(
                  GaugeDataPointSnapshot.builder()
                      .labels(TenantMetrics.labelled(Labels.EMPTY, tenant, true))
                      .value(figure.applyAsDouble(stats))
                      .build()));
    } else {
      builder.dataPoint(GaugeDataPointSnapshot.builder().value(sum(figures, figure)).build());
    }
    return builder.build();
  }

  private CounterSnapshot counter(
      String name,
      String help,
      SortedMap<TenantId, ServiceGraphStats> figures,
      ToDoubleFunction<ServiceGraphStats> figure) {
    CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(help);
    if (tenantLabel) {
      figures.forEach(
          (tenant, stats) ->
              builder.dataPoint(
                  CounterDataPointSnapshot.builder()
                      .labels(TenantMetrics.labelled(Labels.EMPTY, tenant, true))
                      .value(figure.applyAsDouble(stats))
                      .build()));
    } else {
      builder.dataPoint(CounterDataPointSnapshot.builder().value(sum(figures, figure)).build());
    }
    return builder.build();
  }

  private static double sum(
      SortedMap<TenantId, ServiceGraphStats> figures, ToDoubleFunction<ServiceGraphStats> figure) {
    double sum = 0;
    for (ServiceGraphStats stats : figures.values()) {
      sum += figure.applyAsDouble(stats);
    }
    return sum;
  }
}
