package io.tracemate.component.tenant;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import java.util.function.Predicate;

/**
 * A component's metrics that describe tenants' data (span metrics, the service graph's edges, their cardinality
 * figures), exposed on /metrics for the tenants the scrape may read only: the server asks for the request's scope
 * instead of registering these in the shared registry, so that a tenant's series and exemplars (trace IDs) are
 * never shown to another tenant.
 *
 * <p>With multitenancy on, every series carries the label {@value #TENANT_LABEL} and a scrape shows the tenants of
 * its scope only; off (where any caller may name any tenant anyway), the series are named, labelled and shown as
 * before tenants existed: every tenant's, those that share labels summed.
 *
 * <p>Thread-safe.
 */
public interface TenantMetrics {
  /** The label that says whose a series is. */
  String TENANT_LABEL = "tenant";

  /** The series of the tenants of {@code scope} that have any; metric names never repeat between calls' kinds. */
  MetricSnapshots collect(TenantScope scope);

  /**
   * The data points of {@code snapshot} whose {@value #TENANT_LABEL} label names a tenant of {@code scope} (counters,
   * gauges and histograms; other kinds are not used per tenant and come back as they are).
   */
  static MetricSnapshot inScope(MetricSnapshot snapshot, TenantScope scope) {
    Predicate<DataPointSnapshot> included =
        point -> {
          String tenant = point.getLabels().get(TENANT_LABEL);
          return tenant != null && TenantId.isValid(tenant) && scope.contains(new TenantId(tenant));
        };
    MetricMetadata metadata = snapshot.getMetadata();
    return switch (snapshot) {
      case CounterSnapshot counter ->
          new CounterSnapshot(metadata, counter.getDataPoints().stream().filter(included).toList());
      case GaugeSnapshot gauge ->
          new GaugeSnapshot(metadata, gauge.getDataPoints().stream().filter(included).toList());
      case HistogramSnapshot histogram ->
          new HistogramSnapshot(
              histogram.isGaugeHistogram(),
              metadata,
              histogram.getDataPoints().stream().filter(included).toList());
      default -> snapshot;
    };
  }

  /** {@code labels} with the tenant's label when {@code labelled}, else as they are. */
  static Labels labelled(Labels labels, TenantId tenant, boolean labelled) {
    return labelled ? labels.add(TENANT_LABEL, tenant.value()) : labels;
  }
}
