package io.tracemate.promql.engine;

import io.tracemate.promql.syntax.Expr.Call;
import io.tracemate.promql.syntax.Function;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code histogram_quantile} and {@code histogram_fraction} over classic histograms: at each step the bucket series
 * (cumulative counts, upper bound in the {@code le} label) are grouped by their other labels, and each group yields
 * one sample, computed as Prometheus' {@code BucketQuantile} and {@code BucketFraction} do (linear interpolation in
 * a bucket, the lowest bucket starting at 0 when its bound is positive, the +Inf bucket required, non-monotonic
 * counts forced monotonic). Samples whose {@code le} is not a number are skipped.
 */
final class ClassicHistograms {
  /** Differences this small (relative) between adjacent buckets are floating point noise, not decreases. */
  private static final double SMALL_DELTA_TOLERANCE = 1e-12;

  private static final Set<String> LE = Set.of("le");

  private final Evaluator ev;
  private final QueryContext ctx;

  ClassicHistograms(Evaluator ev) {
    this.ev = ev;
    this.ctx = ev.ctx;
  }

  Value evaluate(Call call, Steps steps) {
    boolean quantile = call.function() == Function.HISTOGRAM_QUANTILE;
    Value.ScalarValue first = ev.scalar(call.args().get(0), steps);
    Value.ScalarValue second = quantile ? null : ev.scalar(call.args().get(1), steps);
    Value.VectorValue input = ev.vector(call.args().get(quantile ? 1 : 2), steps);
    StepGather gather = new StepGather(input.series());
    Labels[] groupLabels = new Labels[input.series().size()];
    double[] bounds = new double[input.series().size()];
    for (int i = 0; i < groupLabels.length; i++) {
      StepSeries s = input.series().get(i);
      bounds[i] = parseBound(s.labels.get("le"));
      groupLabels[i] = s.labels.without(LE);
    }
    SeriesCollector out = new SeriesCollector(ctx);
    Map<Labels, List<double[]>> groups = new LinkedHashMap<>();
    int count = (int) steps.count();
    for (int step = 0; step < count; step++) {
      ctx.tick();
      long time = steps.time(step);
      gather.advance(time);
      groups.clear();
      for (int p = 0; p < gather.count; p++) {
        int series = gather.present[p];
        if (Double.isNaN(bounds[series])) {
          continue;
        }
        groups
            .computeIfAbsent(groupLabels[series], k -> new ArrayList<>())
            .add(new double[] {bounds[series], gather.values[p]});
      }
      for (Map.Entry<Labels, List<double[]>> group : groups.entrySet()) {
        double[][] buckets = group.getValue().toArray(new double[0][]);
        double value =
            quantile
                ? bucketQuantile(first.at(step), buckets)
                : bucketFraction(first.at(step), second.at(step), buckets);
        out.add(group.getKey(), true, time, value);
      }
    }
    ctx.release(input);
    ctx.release(first);
    if (second != null) {
      ctx.release(second);
    }
    return out.result();
  }

  /** Go's ParseFloat of an {@code le} value; NaN when it is not a number (the series is then ignored). */
  private static double parseBound(String le) {
    String s = le.trim().equals(le) ? le : "";
    switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "+inf", "inf", "+infinity", "infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {}
    }
    if (s.isEmpty()
        || !s.matches(
            "[+-]?(?:[0-9_]+\\.?[0-9_]*|\\.[0-9_]+)(?:[eE][+-]?[0-9]+)?|[+-]?0[xX][0-9a-fA-F_.]+[pP][+-]?[0-9]+")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(s.replace("_", ""));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Buckets sorted by bound, equal bounds summed, the +Inf bucket required; null when unusable. */
  private static double[][] prepare(double[][] buckets) {
    java.util.Arrays.sort(buckets, (a, b) -> Double.compare(a[0], b[0]));
    if (buckets[buckets.length - 1][0] != Double.POSITIVE_INFINITY) {
      return null;
    }
    List<double[]> coalesced = new ArrayList<>(buckets.length);
    double[] last = buckets[0].clone();
    for (int i = 1; i < buckets.length; i++) {
      if (buckets[i][0] == last[0]) {
        last[1] += buckets[i][1];
      } else {
        coalesced.add(last);
        last = buckets[i].clone();
      }
    }
    coalesced.add(last);
    return coalesced.toArray(new double[0][]);
  }

  static double bucketQuantile(double q, double[][] input) {
    if (Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    double[][] buckets = prepare(input);
    if (buckets == null) {
      return Double.NaN;
    }
    ensureMonotonic(buckets);
    int n = buckets.length;
    if (n < 2) {
      return Double.NaN;
    }
    double observations = buckets[n - 1][1];
    if (observations == 0) {
      return Double.NaN;
    }
    double rank = q * observations;
    int b = 0;
    while (b < n - 1 && !(buckets[b][1] >= rank)) {
      b++;
    }
    if (b == n - 1) {
      return buckets[n - 2][0];
    }
    if (b == 0 && buckets[0][0] <= 0) {
      return buckets[0][0];
    }
    double bucketStart = 0;
    double bucketEnd = buckets[b][0];
    double count = buckets[b][1];
    if (b > 0) {
      bucketStart = buckets[b - 1][0];
      count -= buckets[b - 1][1];
      rank -= buckets[b - 1][1];
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / count);
  }

  /** Removes decreases between adjacent buckets (and tiny differences) as Prometheus does before interpolating. */
  private static void ensureMonotonic(double[][] buckets) {
    double previous = buckets[0][1];
    for (int i = 1; i < buckets.length; i++) {
      double current = buckets[i][1];
      if (current == previous) {
        continue;
      }
      if (Almost.equal(previous, current, SMALL_DELTA_TOLERANCE) || current < previous) {
        buckets[i][1] = previous;
        continue;
      }
      previous = current;
    }
  }

  static double bucketFraction(double lower, double upper, double[][] input) {
    double[][] buckets = prepare(input);
    if (buckets == null) {
      return Double.NaN;
    }
    double count = buckets[buckets.length - 1][1];
    if (count == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
      return Double.NaN;
    }
    if (lower >= upper) {
      return 0;
    }
    double rank = 0;
    double lowerRank = 0;
    double upperRank = 0;
    boolean lowerSet = false;
    boolean upperSet = false;
    double lowerBound = buckets[0][0] <= 0 ? Double.NEGATIVE_INFINITY : 0;
    for (int i = 0; i < buckets.length; i++) {
      if (i > 0) {
        lowerBound = buckets[i - 1][0];
      }
      double upperBound = buckets[i][0];
      double bucketCount = buckets[i][1];
      if (!lowerSet && lowerBound >= lower) {
        lowerRank = rank;
        lowerSet = true;
      }
      if (!upperSet && lowerBound >= upper) {
        upperRank = rank;
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      if (!lowerSet && lowerBound < lower && upperBound > lower) {
        lowerRank = interpolate(lower, lowerBound, upperBound, rank, bucketCount);
        lowerSet = true;
      }
      if (!upperSet && lowerBound < upper && upperBound > upper) {
        upperRank = interpolate(upper, lowerBound, upperBound, rank, bucketCount);
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      rank = bucketCount;
    }
    if (!lowerSet || lowerRank > count) {
      lowerRank = count;
    }
    if (!upperSet || upperRank > count) {
      upperRank = count;
    }
    return (upperRank - lowerRank) / count;
  }

  /** The cumulative count at {@code v} inside a bucket; a bucket from -Inf contributes nothing of its own. */
  private static double interpolate(
      double v, double lowerBound, double upperBound, double rank, double count) {
    if (lowerBound == Double.NEGATIVE_INFINITY) {
      return count;
    }
    return rank + (count - rank) * (v - lowerBound) / (upperBound - lowerBound);
  }
}
