package io.tracemate.spanmetrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.component.tenant.TenantMetrics;
import io.tracemate.spanmetrics.config.PrometheusLabels;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Exposes a {@link SpanMetricsAggregator} to client_java's registry, under the names the collector's
 * spanmetrics connector gets through its Prometheus exporter (with the default namespace):
 *
 * <ul>
 *   <li>{@code traces_span_metrics_calls_total} (counter; exemplar: the latest span of the series, value 1);
 *   <li>{@code traces_span_metrics_duration_milliseconds} (histogram, {@code _seconds} with {@code unit: s};
 *       exemplars: the latest span of each bucket, labels trace_id and span_id, timestamp = span end);
 *   <li>cardinality: {@code tracemate_spanmetrics_series} (gauge), {@code tracemate_spanmetrics_overflow_total}
 *       (counter, spans), {@code tracemate_spanmetrics_dimension_overflow_total{dimension}} (counter, spans whose
 *       value became {@code __other__}), {@code tracemate_spanmetrics_instance_overflow_total} (entry spans
 *       counted under no instance or {@code __other__}: {@code instances.max_per_service} reached),
 *       {@code tracemate_spanmetrics_expired_series_total}, and the internal
 *       store's {@code tracemate_spanmetrics_red_series},
 *       {@code tracemate_spanmetrics_red_series_bytes}, {@code tracemate_spanmetrics_red_rejected_total}.
 * </ul>
 *
 * Which text format (and so whether exemplars are shown) is the exposition writer's business: OpenMetrics shows
 * them, Prometheus text 0.0.4 does not.
 *
 * <p>Per tenant ({@link SpanMetricsConnector}): a scrape shows the tenants of its scope only; with multitenancy on,
 * every series (the cardinality figures too) has the label {@code tenant}, and each exemplar stays with its tenant's
 * series. Thread-safe.
 */
public final class SpanMetricsCollector implements MultiCollector, TenantMetrics {
  private final SpanMetricsConfig config;
  private final Function<TenantScope, SortedMap<TenantId, SpanMetricsAggregator>> aggregators;
  private final boolean tenantLabel;
  private final double[] bounds;
  private final String callsName;
  private final String durationName;
  private final Unit unit;

  /** One aggregator's metrics, without a tenant label (an aggregator of its own, outside the per-tenant pipeline). */
  public SpanMetricsCollector(SpanMetricsAggregator aggregator) {
    this(
        aggregator.config(),
        aggregator.bounds(),
        scope -> new TreeMap<>(Map.of(TenantId.DEFAULT, aggregator)),
        false);
  }

  private SpanMetricsCollector(
      SpanMetricsConfig config,
      double[] bounds,
      Function<TenantScope, SortedMap<TenantId, SpanMetricsAggregator>> aggregators,
      boolean tenantLabel) {
    this.config = config;
    this.bounds = bounds;
    this.aggregators = aggregators;
    this.tenantLabel = tenantLabel;
    String prefix = PrometheusLabels.namespacePrefix(config.namespace());
    String unitName = config.unitSeconds() ? "seconds" : "milliseconds";
    this.callsName = prefix + "calls";
    this.durationName = prefix + "duration_" + unitName;
    this.unit = new Unit(unitName);
  }

  /**
   * The metrics of every tenant of the connector: {@link #collect(TenantScope)} answers a scope's, {@link #collect()}
   * every tenant's.
   *
   * @param tenantLabel whether every series carries the label {@code tenant} and a scope sees its tenants' only
   *     (multitenancy on); off, every scope sees every tenant's series, those with the same labels summed
   */
  public static SpanMetricsCollector of(SpanMetricsConnector connector, boolean tenantLabel) {
    return new SpanMetricsCollector(
        connector.config(),
        connector.bounds(),
        scope ->
            scope == null || !tenantLabel
                ? connector.tenants().all()
                : connector.tenants().in(scope),
        tenantLabel);
  }

  /** Registers a collector for the aggregator; returns it (to unregister later). */
  public static SpanMetricsCollector register(
      SpanMetricsAggregator aggregator, PrometheusRegistry registry) {
    SpanMetricsCollector collector = new SpanMetricsCollector(aggregator);
    registry.register(collector);
    return collector;
  }

  /** Every tenant's series. */
  @Override
  public MetricSnapshots collect() {
    return collect(aggregators.apply(null));
  }

  @Override
  public MetricSnapshots collect(TenantScope scope) {
    return collect(aggregators.apply(java.util.Objects.requireNonNull(scope, "scope")));
  }

  private MetricSnapshots collect(SortedMap<TenantId, SpanMetricsAggregator> tenants) {
    List<SeriesSnapshot> all = new ArrayList<>();
    tenants.forEach(
        (tenant, aggregator) -> {
          for (SeriesSnapshot s : aggregator.snapshot()) {
            all.add(
                tenantLabel ? s.withLabels(TenantMetrics.labelled(s.labels(), tenant, true)) : s);
          }
        });
    List<SeriesSnapshot> series = mergeByLabels(all);
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    out.metricSnapshot(calls(series));
    if (config.histogramEnabled()) {
      out.metricSnapshot(durations(series));
    }
    out.metricSnapshot(
        gauge(
            "tracemate_spanmetrics_series",
            "Span metric series, the overflow series included",
            tenants,
            a -> a.seriesCount()));
    out.metricSnapshot(
        counter(
            "tracemate_spanmetrics_overflow",
            "Spans counted in the otel_metric_overflow series because aggregation_cardinality_limit was reached",
            tenants,
            SpanMetricsAggregator::overflowedSpans));
    CounterSnapshot.Builder replaced =
        CounterSnapshot.builder()
            .name("tracemate_spanmetrics_dimension_overflow")
            .help(
                "Spans whose extra dimension value became __other__ because dimension_value_limit was reached");
    Map<Labels, Long> replacedSpans = new TreeMap<>();
    tenants.forEach(
        (tenant, aggregator) ->
            aggregator
                .dimensionOverflows()
                .forEach(
                    (dimension, spans) ->
                        replacedSpans.merge(
                            TenantMetrics.labelled(
                                Labels.of("dimension", dimension), tenant, tenantLabel),
                            spans,
                            Long::sum)));
    if (!replacedSpans.isEmpty()) {
      replacedSpans.forEach(
          (labels, spans) ->
              replaced.dataPoint(
                  CounterDataPointSnapshot.builder().labels(labels).value(spans).build()));
      out.metricSnapshot(replaced.build());
    }
    out.metricSnapshot(
        counter(
            "tracemate_spanmetrics_instance_overflow",
            "Server and consumer spans counted under no instance or __other__ in the per-instance RED because "
                + "instances.max_per_service or the RED series bound was reached",
            tenants,
            SpanMetricsAggregator::instanceOverflows));
    out.metricSnapshot(
        counter(
            "tracemate_spanmetrics_expired_series",
            "Span metric series dropped after metrics_expiration without spans",
            tenants,
            SpanMetricsAggregator::expiredSeries));
    out.metricSnapshot(
        gauge(
            "tracemate_spanmetrics_red_series",
            "Internal RED time series, the overflow series included",
            tenants,
            a -> a.redSeries().stats().series()));
    out.metricSnapshot(
        gauge(
            "tracemate_spanmetrics_red_series_bytes",
            "Estimated heap of the internal RED time series",
            tenants,
            a -> a.redSeries().stats().estimatedBytes()));
    out.metricSnapshot(
        counter(
            "tracemate_spanmetrics_red_rejected",
            "Spans not recorded into the internal RED series: ended before the retention or too far ahead",
            tenants,
            a -> a.redSeries().stats().rejectedObservations()));
    return out.build();
  }

  @Override
  public List<String> getPrometheusNames() {
    List<String> names =
        new ArrayList<>(
            List.of(
                callsName,
                "tracemate_spanmetrics_series",
                "tracemate_spanmetrics_overflow",
                "tracemate_spanmetrics_dimension_overflow",
                "tracemate_spanmetrics_instance_overflow",
                "tracemate_spanmetrics_expired_series",
                "tracemate_spanmetrics_red_series",
                "tracemate_spanmetrics_red_series_bytes",
                "tracemate_spanmetrics_red_rejected"));
    if (config.histogramEnabled()) {
      names.add(durationName);
    }
    return names;
  }

  /** Series that differ only in an excluded dimension share labels: they are one Prometheus series. */
  private static List<SeriesSnapshot> mergeByLabels(List<SeriesSnapshot> snapshots) {
    Map<Labels, SeriesSnapshot> merged = new LinkedHashMap<>();
    for (SeriesSnapshot s : snapshots) {
      merged.merge(s.labels(), s, SeriesSnapshot::merge);
    }
    List<SeriesSnapshot> out = new ArrayList<>(merged.values());
    out.sort(Comparator.comparing(SeriesSnapshot::labels));
    return out;
  }

  private CounterSnapshot calls(List<SeriesSnapshot> series) {
    CounterSnapshot.Builder builder =
        CounterSnapshot.builder()
            .name(callsName)
            .help("Spans by service, span name, span kind and status code");
    for (SeriesSnapshot s : series) {
      CounterDataPointSnapshot.Builder point =
          CounterDataPointSnapshot.builder().labels(s.labels()).value(s.calls());
      if (s.latest() != null) {
        point.exemplar(exemplar(s.latest(), 1));
      }
      builder.dataPoint(point.build());
    }
    return builder.build();
  }

  private HistogramSnapshot durations(List<SeriesSnapshot> series) {
    double[] upperBounds = new double[bounds.length + 1];
    System.arraycopy(bounds, 0, upperBounds, 0, bounds.length);
    upperBounds[bounds.length] = Double.POSITIVE_INFINITY;
    HistogramSnapshot.Builder builder =
        HistogramSnapshot.builder()
            .name(durationName)
            .unit(unit)
            .help("Span durations by service, span name, span kind and status code");
    for (SeriesSnapshot s : series) {
      List<Exemplar> exemplars = new ArrayList<>();
      for (ExemplarSample sample : s.bucketExemplars()) {
        if (sample != null) {
          exemplars.add(exemplar(sample, sample.value()));
        }
      }
      builder.dataPoint(
          HistogramDataPointSnapshot.builder()
              .labels(s.labels())
              .classicHistogramBuckets(ClassicHistogramBuckets.of(upperBounds, s.bucketCounts()))
              .sum(s.sum())
              .exemplars(exemplars.isEmpty() ? Exemplars.EMPTY : Exemplars.of(exemplars))
              .build());
    }
    return builder.build();
  }

  private static Exemplar exemplar(ExemplarSample sample, double value) {
    return Exemplar.builder()
        .traceId(sample.traceId().toHex())
        .spanId(sample.spanId().toHex())
        .value(value)
        .timestampMillis(sample.timestampMillis())
        .build();
  }

  /** One data point per tenant when labelled, else one of the tenants' sum (0 without tenants, as before). */
  private GaugeSnapshot gauge(
      String name,
      String help,
      SortedMap<TenantId, SpanMetricsAggregator> tenants,
      ToDoubleFunction<SpanMetricsAggregator> figure) {
    GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
    perTenant(
        tenants,
        figure,
        (labels, value) ->
            builder.dataPoint(
                GaugeDataPointSnapshot.builder().labels(labels).value(value).build()));
    return builder.build();
  }

  private CounterSnapshot counter(
      String name,
      String help,
      SortedMap<TenantId, SpanMetricsAggregator> tenants,
      ToDoubleFunction<SpanMetricsAggregator> figure) {
    CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(help);
    perTenant(
        tenants,
        figure,
        (labels, value) ->
            builder.dataPoint(
                CounterDataPointSnapshot.builder().labels(labels).value(value).build()));
    return builder.build();
  }

  private void perTenant(
      SortedMap<TenantId, SpanMetricsAggregator> tenants,
      ToDoubleFunction<SpanMetricsAggregator> figure,
      java.util.function.ObjDoubleConsumer<Labels> point) {
    if (tenantLabel) {
      tenants.forEach(
          (tenant, aggregator) ->
              point.accept(
                  TenantMetrics.labelled(Labels.EMPTY, tenant, true),
                  figure.applyAsDouble(aggregator)));
      return;
    }
    double sum = 0;
    for (SpanMetricsAggregator aggregator : tenants.values()) {
      sum += figure.applyAsDouble(aggregator);
    }
    point.accept(Labels.EMPTY, sum);
  }
}
