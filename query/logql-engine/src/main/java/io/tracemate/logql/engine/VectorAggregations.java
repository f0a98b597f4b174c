package io.tracemate.logql.engine;

import io.tracemate.logql.syntax.Grouping;
import io.tracemate.logql.syntax.SampleExpr.VectorAggregation;
import io.tracemate.logql.syntax.VectorOp;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prometheus' vector aggregations over one step's vector, with by/without grouping. Stateless. */
final class VectorAggregations {
  private VectorAggregations() {}

  /**
   * @param groupKeys cache of each series' group, shared by the steps of one evaluation (the same series recur)
   */
  static Map<LabelSet, Double> apply(
      VectorAggregation aggregation,
      Map<LabelSet, Double> vector,
      Map<LabelSet, LabelSet> groupKeys) {
    VectorOp op = aggregation.op();
    Grouping grouping = aggregation.grouping().orElse(null);
    return switch (op) {
      case TOPK, BOTTOMK, APPROX_TOPK ->
          topk(
              vector,
              grouping,
              aggregation.parameter().orElse(0),
              op == VectorOp.BOTTOMK,
              groupKeys);
      case SORT, SORT_DESC -> sorted(vector, op == VectorOp.SORT_DESC);
      default -> aggregate(op, vector, grouping, groupKeys);
    };
  }

  /** The group a series belongs to: by keeps the listed labels, without drops them; no grouping = one group. */
  static LabelSet groupKey(LabelSet labels, Grouping grouping) {
    if (grouping == null) {
      return LabelSet.EMPTY;
    }
    List<Label> kept = new ArrayList<>();
    for (Label label : labels.labels()) {
      if (grouping.labels().contains(label.name()) != grouping.without()) {
        kept.add(label);
      }
    }
    return new LabelSet(kept);
  }

  private static final class Group {
    double sum;
    double count;
    double min = Double.NaN;
    double max = Double.NaN;
    double mean;
    double aux;
  }

  private static Map<LabelSet, Double> aggregate(
      VectorOp op,
      Map<LabelSet, Double> vector,
      Grouping grouping,
      Map<LabelSet, LabelSet> groupKeys) {
    Map<LabelSet, Group> groups = new LinkedHashMap<>();
    for (Map.Entry<LabelSet, Double> e : vector.entrySet()) {
      LabelSet key = groupKeys.computeIfAbsent(e.getKey(), labels -> groupKey(labels, grouping));
      Group g = groups.computeIfAbsent(key, k -> new Group());
      double v = e.getValue();
      g.count++;
      g.sum += v;
      if (Double.isNaN(g.min) || v < g.min) {
        g.min = v;
      }
      if (Double.isNaN(g.max) || v > g.max) {
        g.max = v;
      }
      double delta = v - g.mean;
      g.mean += delta / g.count;
      g.aux += delta * (v - g.mean);
    }
    Map<LabelSet, Double> out = new HashMap<>();
    groups.forEach(
        (key, g) ->
            out.put(
                key,
                switch (op) {
                  case SUM -> g.sum;
                  case AVG -> g.mean;
                  case MIN -> g.min;
                  case MAX -> g.max;
                  case COUNT -> g.count;
                  case STDVAR -> g.aux / g.count;
                  case STDDEV -> Math.sqrt(g.aux / g.count);
                  default -> throw new IllegalStateException("not an aggregation: " + op);
                }));
    return out;
  }

  private static Map<LabelSet, Double> topk(
      Map<LabelSet, Double> vector,
      Grouping grouping,
      int k,
      boolean bottom,
      Map<LabelSet, LabelSet> groupKeys) {
    Map<LabelSet, List<Map.Entry<LabelSet, Double>>> groups = new HashMap<>();
    for (Map.Entry<LabelSet, Double> e : vector.entrySet()) {
      LabelSet groupKey =
          groupKeys.computeIfAbsent(e.getKey(), labels -> groupKey(labels, grouping));
      groups.computeIfAbsent(groupKey, key -> new ArrayList<>()).add(e);
    }
    Comparator<Map.Entry<LabelSet, Double>> order = Comparator.comparingDouble(Map.Entry::getValue);
    if (!bottom) {
      order = order.reversed();
    }
    order = order.thenComparing(e -> e.getKey().toString());
    List<Map.Entry<LabelSet, Double>> selected = new ArrayList<>();
    for (List<Map.Entry<LabelSet, Double>> members : groups.values()) {
      members.sort(order);
      selected.addAll(members.subList(0, Math.max(0, Math.min(k, members.size()))));
    }
    selected.sort(order);
    Map<LabelSet, Double> out = new LinkedHashMap<>();
    selected.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static Map<LabelSet, Double> sorted(Map<LabelSet, Double> vector, boolean descending) {
    Comparator<Map.Entry<LabelSet, Double>> order = Comparator.comparingDouble(Map.Entry::getValue);
    if (descending) {
      order = order.reversed();
    }
    List<Map.Entry<LabelSet, Double>> entries = new ArrayList<>(vector.entrySet());
    entries.sort(order.thenComparing(e -> e.getKey().toString()));
    Map<LabelSet, Double> out = new LinkedHashMap<>();
    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
