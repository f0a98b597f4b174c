package io.tracemate.spanmetrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a collector's snapshots the way a test wants them: by metric name and label values. */
final class Scrape {
  private final MetricSnapshots snapshots;

  Scrape(SpanMetricsCollector collector) {
    this.snapshots = collector.collect();
  }

  MetricSnapshot metric(String name) {
    return snapshots.stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .findFirst()
        .orElse(null);
  }

  /** Label sets of a metric's data points, as maps. */
  List<Map<String, String>> labelSets(String name) {
    List<Map<String, String>> out = new ArrayList<>();
    for (var point : metric(name).getDataPoints()) {
      out.add(asMap(point.getLabels()));
    }
    return out;
  }

  static Map<String, String> asMap(Labels labels) {
    Map<String, String> map = new TreeMap<>();
    labels.forEach(label -> map.put(label.getName(), label.getValue()));
    return map;
  }

  CounterDataPointSnapshot calls(Map<String, String> labels) {
    CounterSnapshot counter = (CounterSnapshot) metric("traces_span_metrics_calls");
    return counter.getDataPoints().stream()
        .filter(p -> asMap(p.getLabels()).equals(labels))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no calls series " + labels + " in " + labelSets("traces_span_metrics_calls")));
  }

  HistogramDataPointSnapshot duration(Map<String, String> labels) {
    HistogramSnapshot histogram =
        (HistogramSnapshot) metric("traces_span_metrics_duration_milliseconds");
    return histogram.getDataPoints().stream()
        .filter(p -> asMap(p.getLabels()).equals(labels))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no duration series " + labels));
  }

  /** Cumulative "le" counts, +Inf last, as the exposition shows them. */
  static List<Long> cumulative(HistogramDataPointSnapshot point) {
    ClassicHistogramBuckets buckets = point.getClassicBuckets();
    List<Long> out = new ArrayList<>();
    long running = 0;
    for (int i = 0; i < buckets.size(); i++) {
      running += buckets.getCount(i);
      out.add(running);
    }
    return out;
  }
}
