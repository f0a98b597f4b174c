package io.tracemate.promql.engine;

import io.tracemate.promql.syntax.AggregationOp;
import io.tracemate.promql.syntax.Expr.Aggregation;
import io.tracemate.promql.syntax.Expr.StringLiteral;
import io.tracemate.promql.syntax.LabelMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aggregation operators: each input series belongs to one group (its {@code by} labels, or all labels but the
 * {@code without} ones and the metric name); at each step the group's present samples are combined as Prometheus
 * does (Kahan sums, incremental means on overflow, Welford variance, NaN handling in min/max). {@code topk},
 * {@code bottomk} ({@link TopK}) and {@code count_values} keep series labels instead of group labels.
 */
final class Aggregations {
  private static final Set<String> NAME = Set.of(LabelMatcher.METRIC_NAME);

  private final Evaluator ev;
  private final QueryContext ctx;

  Aggregations(Evaluator ev) {
    this.ev = ev;
    this.ctx = ev.ctx;
  }

  Value evaluate(Aggregation a, Steps steps) {
    if (a.op() == AggregationOp.COUNT_VALUES) {
      return countValues(a, steps);
    }
    Value.ScalarValue param = a.param().isPresent() ? ev.scalar(a.param().get(), steps) : null;
    Value.VectorValue input = ev.vector(a.expr(), steps);
    Value result;
    if (a.op() == AggregationOp.TOPK || a.op() == AggregationOp.BOTTOMK) {
      result =
          new TopK(ctx).evaluate(a, param, input, steps, groupIndexes(a, input.series(), null));
    } else {
      result = aggregate(a, param, input, steps);
    }
    ctx.release(input);
    if (param != null) {
      ctx.release(param);
    }
    return result;
  }

  /** The group of each series, numbered in the order groups are first seen; fills {@code labelsOut} if given. */
  static int[] groupIndexes(Aggregation a, List<StepSeries> series, List<Labels> labelsOut) {
    Map<Labels, Integer> groups = new HashMap<>();
    int[] index = new int[series.size()];
    for (int i = 0; i < index.length; i++) {
      Labels key = groupLabels(a.grouping(), a.without(), series.get(i).labels);
      Integer g = groups.get(key);
      if (g == null) {
        g = groups.size();
        groups.put(key, g);
        if (labelsOut != null) {
          labelsOut.add(key);
        }
      }
      index[i] = g;
    }
    return index;
  }

  static Labels groupLabels(List<String> grouping, boolean without, Labels labels) {
    if (without) {
      Set<String> drop = new HashSet<>(grouping);
      drop.add(LabelMatcher.METRIC_NAME);
      return labels.without(drop);
    }
    return grouping.isEmpty() ? Labels.EMPTY : labels.keep(new HashSet<>(grouping));
  }

  private Value aggregate(
      Aggregation a, Value.ScalarValue param, Value.VectorValue input, Steps steps) {
    List<StepSeries> series = input.series();
    List<Labels> groupLabels = new ArrayList<>();
    int[] groupOf = groupIndexes(a, series, groupLabels);
    int groups = groupLabels.size();
    GroupState[] states = new GroupState[groups];
    StepSeries[] outputs = new StepSeries[groups];
    AggregationOp op = a.op();
    StepGather gather = new StepGather(series);
    int count = (int) steps.count();
    for (int step = 0; step < count; step++) {
      ctx.tick();
      long time = steps.time(step);
      gather.advance(time);
      for (int g = 0; g < groups; g++) {
        if (states[g] != null) {
          states[g].seen = false;
        }
      }
      for (int p = 0; p < gather.count; p++) {
        int s = gather.present[p];
        int g = groupOf[s];
        GroupState state = states[g] == null ? (states[g] = new GroupState()) : states[g];
        state.add(op, gather.values[p], gather.series(p).dropName);
      }
      for (int g = 0; g < groups; g++) {
        GroupState state = states[g];
        if (state == null || !state.seen) {
          continue;
        }
        double value = state.result(op, param == null ? 0 : param.at(step));
        if (outputs[g] == null) {
          outputs[g] = new StepSeries(groupLabels.get(g), state.dropName);
        }
        ctx.hold(1);
        outputs[g].add(time, value);
      }
    }
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries s : outputs) {
      if (s != null) {
        out.add(s);
      }
    }
    return new Value.VectorValue(out);
  }

  /** One group's running aggregate at one step. */
  private static final class GroupState {
    boolean seen;
    boolean dropName;
    double value;
    double mean;
    double kahanC;
    double count;
    boolean incrementalMean;
    double[] values = new double[4];
    int size;
    private final double[] acc = new double[2];

    void add(AggregationOp op, double f, boolean inputDropName) {
      if (!seen) {
        seen = true;
        dropName = inputDropName;
        value = f;
        mean = f;
        kahanC = 0;
        count = 1;
        incrementalMean = false;
        size = 0;
        switch (op) {
          case STDDEV, STDVAR -> value = Double.isNaN(f) || Double.isInfinite(f) ? Double.NaN : 0;
          case QUANTILE -> values[size++] = f;
          case GROUP -> value = 1;
          default -> {}
        }
        return;
      }
      dropName |= inputDropName;
      switch (op) {
        case SUM -> {
          acc[0] = value;
          acc[1] = kahanC;
          Kahan.inc(f, acc);
          value = acc[0];
          kahanC = acc[1];
        }
        case AVG -> {
          count++;
          if (!incrementalMean) {
            acc[0] = value;
            acc[1] = kahanC;
            Kahan.inc(f, acc);
            if (!Double.isInfinite(acc[0])) {
              value = acc[0];
              kahanC = acc[1];
              return;
            }
            incrementalMean = true;
            mean = value / (count - 1);
            kahanC /= count - 1;
          }
          double q = (count - 1) / count;
          acc[0] = q * mean;
          acc[1] = q * kahanC;
          Kahan.inc(f / count, acc);
          mean = acc[0];
          kahanC = acc[1];
        }
        case MAX -> {
          if (value < f || Double.isNaN(value)) {
            value = f;
          }
        }
        case MIN -> {
          if (value > f || Double.isNaN(value)) {
            value = f;
          }
        }
        case COUNT -> count++;
        case GROUP -> {}
        case STDDEV, STDVAR -> {
          count++;
          double delta = f - mean;
          mean += delta / count;
          value += delta * (f - mean);
        }
        case QUANTILE -> {
          if (size == values.length) {
            values = java.util.Arrays.copyOf(values, size * 2);
          }
          values[size++] = f;
        }
        default -> throw new IllegalStateException("not a plain aggregation: " + op);
      }
    }

    double result(AggregationOp op, double param) {
      return switch (op) {
        case AVG -> incrementalMean ? mean + kahanC : value / count + kahanC / count;
        case COUNT -> count;
        case STDVAR -> value / count;
        case STDDEV -> Math.sqrt(value / count);
        case QUANTILE -> Quantiles.quantile(param, values, size);
        case SUM -> value + kahanC;
        default -> value;
      };
    }
  }

  /** count_values: how many series have each value, the value in a label of its own. */
  private Value countValues(Aggregation a, Steps steps) {
    String valueLabel = ((StringLiteral) Evaluator.unwrap(a.param().orElseThrow())).value();
    if (!io.tracemate.promql.syntax.GoStrings.isValidLabelName(valueLabel)) {
      throw new QueryEvaluationException(
          "invalid label name " + io.tracemate.promql.syntax.GoStrings.goQuote(valueLabel));
    }
    List<String> grouping = new ArrayList<>(a.grouping());
    if (!a.without()) {
      grouping.add(valueLabel);
    }
    Value.VectorValue input = ev.vector(a.expr(), steps);
    StepGather gather = new StepGather(input.series());
    SeriesCollector out = new SeriesCollector(ctx);
    Map<Labels, int[]> counts = new java.util.LinkedHashMap<>();
    int count = (int) steps.count();
    for (int step = 0; step < count; step++) {
      ctx.tick();
      long time = steps.time(step);
      gather.advance(time);
      counts.clear();
      for (int p = 0; p < gather.count; p++) {
        Labels withValue =
            gather
                .series(p)
                .labels
                .with(
                    valueLabel, io.tracemate.promql.syntax.GoStrings.formatFloat(gather.values[p]));
        Labels group = groupLabels(grouping, a.without(), withValue);
        counts.computeIfAbsent(group, k -> new int[1])[0]++;
      }
      for (Map.Entry<Labels, int[]> e : counts.entrySet()) {
        out.add(e.getKey(), false, time, e.getValue()[0]);
      }
    }
    ctx.release(input);
    return out.result();
  }
}
