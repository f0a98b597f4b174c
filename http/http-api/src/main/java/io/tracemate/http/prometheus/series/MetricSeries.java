package io.tracemate.http.prometheus.series;

import io.tracemate.common.tenant.TenantScope;
import java.util.Objects;

/**
 * The metric series a tenant scope may read: the one seam through which every PromQL read (the query API, Jaeger's
 * SPM, later the ruler) reaches the RED stores. The pipeline keeps one set of span metrics and one service graph
 * for the whole server today, so every scope reads the same series; when the pipeline state becomes per tenant,
 * this is where a scope picks its stores (and a scope of several tenants their union). Immutable and thread-safe.
 */
public final class MetricSeries {
  private final RedSeriesSource shared;

  private MetricSeries(RedSeriesSource shared) {
    this.shared = Objects.requireNonNull(shared, "shared");
  }

  /** The series of the server's one pipeline, whatever the scope. */
  public static MetricSeries shared(RedSeriesSource source) {
    return new MetricSeries(source);
  }

  /** The series {@code scope} reads. */
  public RedSeriesSource forScope(TenantScope scope) {
    Objects.requireNonNull(scope, "scope");
    return shared;
  }
}
