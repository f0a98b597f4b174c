package io.tracemate.http.prometheus.series;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.promql.engine.SeriesSource;
import io.tracemate.promql.engine.UnionSeriesSource;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The metric series a tenant scope may read: the one seam through which every PromQL read (the query API, Jaeger's
 * SPM, the ruler) reaches the RED stores, and the query API the series recording rules write. The pipeline keeps
 * one set of span metrics and one service graph for the whole server today, so every scope reads the same RED
 * series; when the pipeline state becomes per tenant, this is where a scope picks its stores (and a scope of several
 * tenants their union). Recorded series are the scope's own. Immutable and thread-safe.
 */
public final class MetricSeries {
  private final RedSeriesSource shared;
  private final Function<TenantScope, SeriesSource> recorded; // null: none

  private MetricSeries(RedSeriesSource shared, Function<TenantScope, SeriesSource> recorded) {
    this.shared = Objects.requireNonNull(shared, "shared");
    this.recorded = recorded;
  }

  /** The series of the server's one pipeline, whatever the scope. */
  public static MetricSeries shared(RedSeriesSource source) {
    return new MetricSeries(source, null);
  }

  /** The same RED series, with the series recording rules write for each scope beside them. */
  public MetricSeries withRecorded(Function<TenantScope, SeriesSource> recorded) {
    return new MetricSeries(shared, Objects.requireNonNull(recorded, "recorded"));
  }

  /** The RED series {@code scope} reads (span metrics and service graph, with their metadata). */
  public RedSeriesSource forScope(TenantScope scope) {
    Objects.requireNonNull(scope, "scope");
    return shared;
  }

  /** Everything PromQL over {@code scope} reads: the RED series and the scope's recorded series. */
  public SeriesSource query(TenantScope scope) {
    RedSeriesSource red = forScope(scope);
    return recorded == null ? red : UnionSeriesSource.of(List.of(red, recorded.apply(scope)));
  }
}
