package io.tracemate.http.prometheus.series;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.component.tenant.TenantMetrics;
import io.tracemate.promql.engine.ExemplarSource;
import io.tracemate.promql.engine.SeriesSource;
import io.tracemate.promql.engine.UnionSeriesSource;
import io.tracemate.servicegraph.ServiceGraphConnector;
import io.tracemate.spanmetrics.SpanMetricsAggregator;
import io.tracemate.spanmetrics.SpanMetricsConnector;
import io.tracemate.spanmetrics.SpanMetricsExposition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The metric series a tenant scope may read: the one seam through which every PromQL read (the query API, Jaeger's
 * SPM, the ruler) reaches the RED stores, and the query API the series recording rules write. Span metrics and the
 * service graph keep their series per tenant; a scope reads its tenants' series, and only theirs. The series say
 * their tenant with the label {@code tenant} as /metrics does (multitenancy on), and in any read of several tenants
 * (which could not tell them apart otherwise); a read of one tenant with multitenancy off has the series as before
 * tenants. Recorded series are the scope's own. The span metrics' exemplars are read through the same seam
 * ({@link #exemplars}, {@link SpanMetricsExemplars}), labelled alike. Immutable and thread-safe.
 */
public final class MetricSeries {
  private final Function<TenantScope, RedSeriesSource> sources;
  private final Function<TenantScope, SeriesSource> recorded; // null: none
  private final Function<TenantScope, ExemplarSource> exemplars;

  private MetricSeries(
      Function<TenantScope, RedSeriesSource> sources,
      Function<TenantScope, SeriesSource> recorded,
      Function<TenantScope, ExemplarSource> exemplars) {
    this.sources = sources;
    this.recorded = recorded;
    this.exemplars = exemplars;
  }

  /** One source whatever the scope (a test's, or an embedding's without tenants), without exemplars. */
  public static MetricSeries shared(RedSeriesSource source) {
    Objects.requireNonNull(source, "source");
    return new MetricSeries(scope -> source, null, scope -> ExemplarSource.NONE);
  }

  /**
   * Each scope's tenants' series.
   *
   * @param spans null when span metrics are off
   * @param graph null when the service graph is off
   * @param tenantLabel whether every series carries the tenant label (multitenancy on)
   */
  public static MetricSeries perTenant(
      SpanMetricsConnector spans, ServiceGraphConnector graph, boolean tenantLabel) {
    return new MetricSeries(
        scope -> {
          boolean labelled = tenantLabel || !scope.isSingle();
          List<RedSeriesSource.Part> parts = new ArrayList<>();
          for (TenantId tenant : scope.tenants()) {
            parts.add(
                new RedSeriesSource.Part(
                    labelled ? Map.of(TenantMetrics.TENANT_LABEL, tenant.value()) : Map.of(),
                    spans == null
                        ? null
                        : SpanMetricsExposition.of(spans.aggregatorOrEmpty(tenant)),
                    graph == null ? null : graph.graphOrEmpty(tenant).exposition()));
          }
          return RedSeriesSource.of(parts);
        },
        null,
        scope -> {
          if (spans == null) {
            return ExemplarSource.NONE;
          }
          boolean labelled = tenantLabel || !scope.isSingle();
          List<SpanMetricsExemplars.Part> parts = new ArrayList<>();
          for (TenantId tenant : scope.tenants()) {
            SpanMetricsAggregator aggregator = spans.aggregator(tenant);
            if (aggregator != null) {
              parts.add(
                  new SpanMetricsExemplars.Part(
                      labelled ? Map.of(TenantMetrics.TENANT_LABEL, tenant.value()) : Map.of(),
                      aggregator));
            }
          }
          return SpanMetricsExemplars.of(parts);
        });
  }

  /** The same RED series, with the series recording rules write for each scope beside them. */
  public MetricSeries withRecorded(Function<TenantScope, SeriesSource> recorded) {
    return new MetricSeries(sources, Objects.requireNonNull(recorded, "recorded"), exemplars);
  }

  /** The exemplars of the span metrics {@code scope} reads (none for recorded and service graph series). */
  public ExemplarSource exemplars(TenantScope scope) {
    Objects.requireNonNull(scope, "scope");
    return exemplars.apply(scope);
  }

  /** The RED series {@code scope} reads (span metrics and service graph, with their metadata). */
  public RedSeriesSource forScope(TenantScope scope) {
    Objects.requireNonNull(scope, "scope");
    return sources.apply(scope);
  }

  /** Everything PromQL over {@code scope} reads: the RED series and the scope's recorded series. */
  public SeriesSource query(TenantScope scope) {
    RedSeriesSource red = forScope(scope);
    return recorded == null ? red : UnionSeriesSource.of(List.of(red, recorded.apply(scope)));
  }
}
