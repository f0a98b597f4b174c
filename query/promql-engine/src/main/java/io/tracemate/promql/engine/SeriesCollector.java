package io.tracemate.promql.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles an instant vector step by step from samples that may change labels (binary operators, aggregations,
 * functions that relabel), in first-seen order. Two samples with the same labels at the same step are Prometheus'
 * "vector cannot contain metrics with the same labelset" error. Not thread-safe.
 */
final class SeriesCollector {
  private final QueryContext ctx;
  private final Map<Labels, StepSeries> series = new LinkedHashMap<>();

  SeriesCollector(QueryContext ctx) {
    this.ctx = ctx;
  }

  void add(Labels labels, boolean dropName, long time, double value) {
    StepSeries s = series.get(labels);
    if (s == null) {
      s = new StepSeries(labels, dropName);
      series.put(labels, s);
    } else if (s.size() > 0 && s.time(s.size() - 1) == time) {
      throw new QueryEvaluationException("vector cannot contain metrics with the same labelset");
    }
    ctx.hold(1);
    s.add(time, value);
  }

  Value.VectorValue result() {
    return new Value.VectorValue(new ArrayList<>(series.values()));
  }

  List<StepSeries> series() {
    return new ArrayList<>(series.values());
  }
}
