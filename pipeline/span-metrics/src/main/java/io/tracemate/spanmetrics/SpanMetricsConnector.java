package io.tracemate.spanmetrics;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.Connector;
import io.tracemate.component.SpanBatch;
import io.tracemate.component.tenant.PerTenant;
import io.tracemate.component.tenant.TenantStateLimits;
import io.tracemate.red.RedSeriesStore;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;

/**
 * Span metrics per tenant, the connector of the span pipeline: each tenant has its own {@link SpanMetricsAggregator}
 * (series, cardinality bounds, internal RED store), made on its first batch, so one tenant's cardinality never
 * pushes another's series into overflow, and a read of one tenant never sees another's. With multitenancy off
 * every span is {@link TenantId#DEFAULT}'s and there is one aggregator, as before tenants.
 *
 * <p>Per batch: one tenant lookup ({@link PerTenant#get}), then the aggregator observes the spans. Batches of a
 * tenant beyond {@link TenantStateLimits#maxTenants()} are not counted (see {@link PerTenant}).
 *
 * <p>Thread-safety as {@link Connector} for {@link #observe} and {@link #tick}; {@link #aggregator} and {@link
 * #tenants()} from any thread.
 */
public final class SpanMetricsConnector implements Connector<SpanBatch> {
  private final SpanMetricsConfig config;
  private final Function<TenantId, SpanMetricsConfig> configOf;
  private final PerTenant<SpanMetricsAggregator> tenants;
  private final double[] bounds;
  private final SpanMetricsAggregator noData; // what a tenant without span metrics reads: never fed

  /** Every tenant with {@code config}. */
  public SpanMetricsConnector(SpanMetricsConfig config, TenantStateLimits limits, Clock clock) {
    this(config, tenant -> config, limits, clock);
  }

  /**
   * @param configOf each tenant's settings, asked when its state is made and again by {@link #settingsChanged()}
   *     (per-tenant bounds from the runtime overrides file); the names, unit, buckets and dimensions must be {@code
   *     config}'s, since every tenant's series are exposed together: only the series bounds are taken again
   */
  public SpanMetricsConnector(
      SpanMetricsConfig config,
      Function<TenantId, SpanMetricsConfig> configOf,
      TenantStateLimits limits,
      Clock clock) {
    this(config, configOf, limits, clock, false);
  }

  /**
   * @param exporting whether each tenant's RED series are {@linkplain RedSeriesStore#exporting exported} (an
   *     ingester whose RED the queriers read from Kafka) instead of kept here
   */
  public SpanMetricsConnector(
      SpanMetricsConfig config,
      Function<TenantId, SpanMetricsConfig> configOf,
      TenantStateLimits limits,
      Clock clock,
      boolean exporting) {
    this.config = Objects.requireNonNull(config, "config");
    this.configOf = Objects.requireNonNull(configOf, "configOf");
    this.bounds = config.bucketBounds();
    this.noData = new SpanMetricsAggregator(config, clock);
    this.tenants =
        new PerTenant<>(
            limits,
            tenant -> {
              SpanMetricsConfig tenantConfig = configOf.apply(tenant);
              return exporting
                  ? new SpanMetricsAggregator(
                      tenantConfig,
                      RedSeriesStore.exporting(tenantConfig.redSeriesConfig(), clock),
                      clock)
                  : new SpanMetricsAggregator(tenantConfig, clock);
            },
            clock::millis);
  }

  /** The settings every tenant's series are named and bucketed by. */
  public SpanMetricsConfig config() {
    return config;
  }

  @Override
  public void observe(SpanBatch batch) {
    SpanMetricsAggregator aggregator = tenants.get(batch.tenant());
    if (aggregator != null) {
      aggregator.observe(batch.spans());
    }
  }

  /**
   * Asks {@code configOf} again for every tenant held and applies its series bounds ({@link
   * SpanMetricsAggregator#limitSeries}) from now on; a tenant made later asks when it is made. Called when the
   * runtime overrides change, from any thread.
   */
  public void settingsChanged() {
    tenants.forEach((tenant, aggregator) -> aggregator.limitSeries(configOf.apply(tenant)));
  }

  /** Forgets tenants idle for the timeout (looked at once a minute). */
  @Override
  public void tick() {
    tenants.forgetIdle(aggregator -> true);
  }

  /** The tenant's span metrics, or null when it has none (no spans, or forgotten). */
  public SpanMetricsAggregator aggregator(TenantId tenant) {
    return tenants.peek(tenant);
  }

  /** Every tenant's span metrics. */
  public PerTenant<SpanMetricsAggregator> tenants() {
    return tenants;
  }

  /** The tenant's span metrics, or an empty set of them (never fed) while it has none. */
  public SpanMetricsAggregator aggregatorOrEmpty(TenantId tenant) {
    SpanMetricsAggregator aggregator = tenants.peek(tenant);
    return aggregator == null ? noData : aggregator;
  }

  /** The tenant's RED query; reads as empty while the tenant has no span metrics. */
  public RedQuery red(TenantId tenant) {
    return RedQuery.of(aggregatorOrEmpty(tenant));
  }

  /** Bucket upper bounds in the histogram's unit, without +Inf. */
  double[] bounds() {
    return bounds.clone();
  }
}
