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
import io.tracemate.red.RedSeriesStats;
import io.tracemate.spanmetrics.config.PrometheusLabels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * them, Prometheus text 0.0.4 does not. Thread-safe.
 */
public final class SpanMetricsCollector implements MultiCollector {
  private final SpanMetricsAggregator aggregator;
  private final String callsName;
  private final String durationName;
  private final Unit unit;

  public SpanMetricsCollector(SpanMetricsAggregator aggregator) {
    this.aggregator = aggregator;
    String prefix = PrometheusLabels.namespacePrefix(aggregator.config().namespace());
    String unitName = aggregator.config().unitSeconds() ? "seconds" : "milliseconds";
    this.callsName = prefix + "calls";
    this.durationName = prefix + "duration_" + unitName;
    this.unit = new Unit(unitName);
  }

  /** Registers a collector for the aggregator; returns it (to unregister later). */
  public static SpanMetricsCollector register(
      SpanMetricsAggregator aggregator, PrometheusRegistry registry) {
    SpanMetricsCollector collector = new SpanMetricsCollector(aggregator);
    registry.register(collector);
    return collector;
  }

  @Override
  public MetricSnapshots collect() {
    List<SeriesSnapshot> series = mergeByLabels(aggregator.snapshot());
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    out.metricSnapshot(calls(series));
    if (aggregator.config().histogramEnabled()) {
      out.metricSnapshot(durations(series));
    }
    RedSeriesStats stats = aggregator.redSeries().stats();
    out.metricSnapshot(
        gauge(
            "tracemate_spanmetrics_series",
            "Span metric series, the overflow series included",
            aggregator.seriesCount()));
    out.metricSnapshot(
        CounterSnapshot.builder()
            .name("tracemate_spanmetrics_overflow")
            .help(
                "Spans counted in the otel_metric_overflow series because aggregation_cardinality_limit was reached")
            .dataPoint(
                CounterDataPointSnapshot.builder().value(aggregator.overflowedSpans()).build())
            .build());
    Map<String, Long> dimensionOverflows = aggregator.dimensionOverflows();
    if (!dimensionOverflows.isEmpty()) {
      CounterSnapshot.Builder replaced =
          CounterSnapshot.builder()
              .name("tracemate_spanmetrics_dimension_overflow")
              .help(
                  "Spans whose extra dimension value became __other__ because dimension_value_limit was reached");
      dimensionOverflows.forEach(
          (dimension, spans) ->
              replaced.dataPoint(
                  CounterDataPointSnapshot.builder()
                      .labels(Labels.of("dimension", dimension))
                      .value(spans)
                      .build()));
      out.metricSnapshot(replaced.build());
    }
    out.metricSnapshot(
        CounterSnapshot.builder()
            .name("tracemate_spanmetrics_instance_overflow")
            .help(
                "Server and consumer spans counted under no instance or __other__ in the per-instance RED because "
                    + "instances.max_per_service or the RED series bound was reached")
            .dataPoint(
                CounterDataPointSnapshot.builder().value(aggregator.instanceOverflows()).build())
            .build());
    out.metricSnapshot(
        CounterSnapshot.builder()
            .name("tracemate_spanmetrics_expired_series")
            .help("Span metric series dropped after metrics_expiration without spans")
            .dataPoint(CounterDataPointSnapshot.builder().value(aggregator.expiredSeries()).build())
            .build());
    out.metricSnapshot(
        gauge(
            "tracemate_spanmetrics_red_series",
            "Internal RED time series, the overflow series included",
            stats.series()));
    out.metricSnapshot(
        gauge(
            "tracemate_spanmetrics_red_series_bytes",
            "Estimated heap of the internal RED time series",
            stats.estimatedBytes()));
    out.metricSnapshot(
        CounterSnapshot.builder()
            .name("tracemate_spanmetrics_red_rejected")
            .help(
                "Spans not recorded into the internal RED series: ended before the retention or too far ahead")
            .dataPoint(
                CounterDataPointSnapshot.builder().value(stats.rejectedObservations()).build())
            .build());
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
    if (aggregator.config().histogramEnabled()) {
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
    double[] bounds = aggregator.bounds();
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

  private static GaugeSnapshot gauge(String name, String help, double value) {
    return GaugeSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(GaugeDataPointSnapshot.builder().value(value).build())
        .build();
  }
}
