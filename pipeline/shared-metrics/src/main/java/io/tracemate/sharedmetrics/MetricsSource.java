package io.tracemate.sharedmetrics;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.red.RedSeriesStore;

/**
 * One exporting store of an ingester: a tenant's span metrics or service graph series.
 *
 * @param store an {@linkplain RedSeriesStore#exporting exporting} store
 */
public record MetricsSource(TenantId tenant, MetricsFamily family, RedSeriesStore store) {
  public MetricsSource {
    if (tenant == null || family == null || store == null || !store.isExporting()) {
      throw new IllegalArgumentException(
          "a metrics source needs a tenant, a family and an exporting store");
    }
  }
}
