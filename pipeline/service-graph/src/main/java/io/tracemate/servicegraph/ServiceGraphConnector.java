package io.tracemate.servicegraph;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.component.Connector;
import io.tracemate.component.SpanBatch;
import io.tracemate.component.tenant.PerTenant;
import io.tracemate.component.tenant.TenantMetrics;
import io.tracemate.component.tenant.TenantStateLimits;
import io.tracemate.red.RedSeriesConfig;
import io.tracemate.red.RedSeriesStore;
import java.time.Clock;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The service graph per tenant, the connector of the span pipeline: each tenant has its own {@link ServiceGraph}
 * (pairing store, edges, services, RED series of its edges), made on its first batch, so a span pairs only with a
 * span of its own tenant, one tenant's edges never count against another's {@code max_edges}, and a read of one
 * tenant never sees another's nodes. With multitenancy off every span is {@link TenantId#DEFAULT}'s: one graph, as
 * before tenants.
 *
 * <p>The Prometheus series of every tenant's graph are one set ({@link TenantMetrics}): with the tenant label
 * (multitenancy on) each series says its tenant and a scrape shows its scope's; without, as before tenants.
 *
 * <p>Per batch: one tenant lookup ({@link PerTenant#get}); batches of a tenant beyond {@link
 * TenantStateLimits#maxTenants()} make no edges (see {@link PerTenant}). Thread-safety as {@link Connector} for
 * {@link #observe} and {@link #tick}; reads from any thread.
 */
public final class ServiceGraphConnector implements Connector<SpanBatch>, TenantMetrics {
  private final ServiceGraphConfig config;
  private final PerTenant<ServiceGraph> tenants;
  private final ServiceGraphMetrics metrics;
  private final ServiceGraph noData; // what a tenant without a graph reads: never fed
  private final ToIntFunction<TenantId> maxEdgesOf;

  /**
   * @param tenantLabel whether the Prometheus series carry the label {@code tenant} and a scrape shows its scope's
   *     tenants only (multitenancy on)
   * @param nodeRed each tenant's source of its services' own RED (its span metrics), or null: the sum of incoming
   *     edges' server side
   */
  public ServiceGraphConnector(
      ServiceGraphConfig config,
      TenantStateLimits limits,
      boolean tenantLabel,
      Clock clock,
      Function<TenantId, NodeRedSource> nodeRed) {
    this(config, limits, tenantLabel, clock, nodeRed, tenant -> config.maxEdges(), false);
  }

  /**
   * @param maxEdgesOf each tenant's bound on edges, asked when its graph is made and again by {@link
   *     #settingsChanged()} (a tenant's cap from the runtime overrides file; {@code max_edges} for the others)
   * @param exporting whether each tenant's edge series are {@linkplain RedSeriesStore#exporting exported} (an
   *     ingester whose service graph the queriers read from Kafka) instead of kept here
   */
  public ServiceGraphConnector(
      ServiceGraphConfig config,
      TenantStateLimits limits,
      boolean tenantLabel,
      Clock clock,
      Function<TenantId, NodeRedSource> nodeRed,
      ToIntFunction<TenantId> maxEdgesOf,
      boolean exporting) {
    this.config = Objects.requireNonNull(config, "config");
    this.maxEdgesOf = Objects.requireNonNull(maxEdgesOf, "maxEdgesOf");
    this.metrics =
        new ServiceGraphMetrics(config.latencyHistogramBuckets(), tenantLabel, this::stats);
    this.tenants =
        new PerTenant<>(
            limits,
            tenant -> {
              ServiceGraph graph =
                  new ServiceGraph(
                      config,
                      exporting
                          ? RedSeriesStore.exporting(RedSeriesConfig.defaults(), clock)
                          : new RedSeriesStore(RedSeriesConfig.defaults(), clock),
                      clock,
                      nodeRed == null ? null : nodeRed.apply(tenant),
                      tenant,
                      metrics);
              graph.limitEdges(maxEdgesOf.applyAsInt(tenant));
              return graph;
            },
            clock::millis);
    this.noData =
        new ServiceGraph(config, new RedSeriesStore(RedSeriesConfig.defaults(), clock), clock);
  }

  public ServiceGraphConfig config() {
    return config;
  }

  @Override
  public void observe(SpanBatch batch) {
    ServiceGraph graph = tenants.get(batch.tenant());
    if (graph != null) {
      graph.observe(batch.spans());
    }
  }

  /**
   * Asks {@code maxEdgesOf} again for every tenant held and bounds its edges by the answer from now on; a tenant
   * made later asks when it is made. Called when the runtime overrides change, from any thread.
   */
  public void settingsChanged() {
    tenants.forEach((tenant, graph) -> graph.limitEdges(maxEdgesOf.applyAsInt(tenant)));
  }

  /** Expires every tenant's half edges past their TTL; forgets tenants idle for the timeout. */
  @Override
  public void tick() {
    tenants.forEach((tenant, graph) -> graph.expire());
    tenants.forgetIdle(graph -> true);
  }

  /** The tenant's graph, or null when it has none (no spans, or forgotten). */
  public ServiceGraph graph(TenantId tenant) {
    return tenants.peek(tenant);
  }

  /** The tenant's graph, or an empty one (never fed) while it has none. */
  public ServiceGraph graphOrEmpty(TenantId tenant) {
    ServiceGraph graph = tenants.peek(tenant);
    return graph == null ? noData : graph;
  }

  /** Every tenant's graph. */
  public PerTenant<ServiceGraph> tenants() {
    return tenants;
  }

  /** Registers the tenants-held figures; the graph's own series are read per scope through {@link #collect}. */
  public void registerMetrics(PrometheusRegistry registry) {
    tenants.registerMetrics(registry, "tracemate_servicegraph", "service graph");
  }

  @Override
  public MetricSnapshots collect(TenantScope scope) {
    return metrics.collect(scope);
  }

  private SortedMap<TenantId, ServiceGraphStats> stats(TenantScope scope) {
    SortedMap<TenantId, ServiceGraphStats> out = new TreeMap<>();
    (scope == null ? tenants.all() : tenants.in(scope))
        .forEach((tenant, graph) -> out.put(tenant, graph.stats()));
    return out;
  }
}
