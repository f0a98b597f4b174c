package io.tracemate.logql.engine;

import io.tracemate.logql.engine.pipeline.Matchers;
import io.tracemate.logql.syntax.LogRange;
import io.tracemate.logql.syntax.SampleExpr;
import io.tracemate.logql.syntax.SampleExpr.BinaryOperation;
import io.tracemate.logql.syntax.SampleExpr.LabelReplace;
import io.tracemate.logql.syntax.SampleExpr.RangeAggregation;
import io.tracemate.logql.syntax.SampleExpr.VectorAggregation;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.logs.model.LabelSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs one metric query: computes the steps, groups them by the split interval, evaluates each group (in parallel,
 * each reading only what its steps need) and assembles a matrix, vector or scalar. One per query.
 */
final class MetricQuery {
  private final QueryContext ctx;
  private final LogQLEngine.ParallelRunner runner;

  MetricQuery(QueryContext ctx, LogQLEngine.ParallelRunner runner) {
    this.ctx = ctx;
    this.runner = runner;
  }

  QueryResult execute(SampleExpr expr, LogQueryRequest request) {
    long[] steps = steps(request);
    checkBytes(expr, steps);
    List<long[]> groups =
        request.instant()
            ? List.<long[]>of(steps)
            : TimeSplits.stepGroups(steps, splitInterval(expr));
    List<StepValue> parts = new ArrayList<>(groups.size());
    int parallelism = ctx.limits.parallelism();
    for (int from = 0; from < groups.size(); from += parallelism) {
      List<Supplier<StepValue>> wave = new ArrayList<>();
      for (long[] group : groups.subList(from, Math.min(groups.size(), from + parallelism))) {
        wave.add(() -> new StepEvaluator(ctx, group).evaluate(expr));
      }
      parts.addAll(runner.run(wave, ctx));
    }
    return assemble(expr, request, groups, parts);
  }

  /**
   * The configured split interval, widened to the longest window the query reads: each group of steps re-reads
   * one window before its first step, so groups shorter than a window would read the same entries many times.
   */
  private long splitInterval(SampleExpr expr) {
    List<RangeAggregation> ranges = new ArrayList<>();
    collectRanges(expr, ranges);
    long interval = ctx.limits.splitInterval().toNanos();
    for (RangeAggregation aggregation : ranges) {
      interval =
          Math.max(
              interval,
              aggregation.range().range().toNanos() + aggregation.range().offset().toNanos());
    }
    return interval;
  }

  private static long[] steps(LogQueryRequest request) {
    if (request.instant()) {
      return new long[] {request.endNanos()};
    }
    long step = request.stepNanos();
    if (step <= 0) {
      throw new QueryEvaluationException(
          "zero or negative query resolution step widths are not accepted. Try a "
              + "positive integer");
    }
    long count = (request.endNanos() - request.startNanos()) / step + 1;
    if (count > LogQLEngine.MAX_POINTS) {
      throw new QueryEvaluationException(
          "exceeded maximum resolution of 11,000 points per timeseries. Try "
              + "decreasing the query resolution (?step=XX)");
    }
    long[] steps = new long[(int) count];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = request.startNanos() + i * step;
    }
    return steps;
  }

  private void checkBytes(SampleExpr expr, long[] steps) {
    if (ctx.limits.maxBytesScanned() <= 0) {
      return;
    }
    List<RangeAggregation> ranges = new ArrayList<>();
    collectRanges(expr, ranges);
    for (RangeAggregation aggregation : ranges) {
      LogRange range = aggregation.range();
      long offset = range.offset().toNanos();
      List<LabelMatcher> matchers = Matchers.toStore(range.selector().matchers());
      LogQLEngine.checkBytesUpFront(
          ctx,
          List.of(matchers),
          steps[0] - offset - range.range().toNanos() + 1,
          steps[steps.length - 1] - offset + 1);
    }
  }

  static void collectRanges(SampleExpr expr, List<RangeAggregation> out) {
    switch (expr) {
      case RangeAggregation range -> out.add(range);
      case VectorAggregation aggregation -> collectRanges(aggregation.inner(), out);
      case BinaryOperation binary -> {
        collectRanges(binary.left(), out);
        collectRanges(binary.right(), out);
      }
      case LabelReplace replace -> collectRanges(replace.inner(), out);
      default -> {}
    }
  }

  private QueryResult assemble(
      SampleExpr expr, LogQueryRequest request, List<long[]> groups, List<StepValue> parts) {
    if (request.instant()) {
      long millis = request.endNanos() / 1_000_000;
      return switch (parts.getFirst()) {
        case StepValue.Scalars scalars -> new ScalarResult(millis, scalars.values()[0]);
        case StepValue.Vectors vectors -> {
          Map<LabelSet, Double> vector = vectors.steps().getFirst();
          ctx.checkSeries(vector.size());
          List<Sample> samples = new ArrayList<>(vector.size());
          vector.forEach((labels, value) -> samples.add(new Sample(labels, millis, value)));
          if (!keepsOrder(expr)) {
            samples.sort(Comparator.comparing(s -> s.metric().toString()));
          }
          yield new VectorResult(samples);
        }
      };
    }
    Map<LabelSet, List<double[]>> points = new LinkedHashMap<>();
    for (int g = 0; g < groups.size(); g++) {
      long[] steps = groups.get(g);
      for (int i = 0; i < steps.length; i++) {
        long millis = steps[i] / 1_000_000;
        switch (parts.get(g)) {
          case StepValue.Scalars scalars ->
              points
                  .computeIfAbsent(LabelSet.EMPTY, k -> new ArrayList<>())
                  .add(new double[] {millis, scalars.values()[i]});
          case StepValue.Vectors vectors -> {
            for (Map.Entry<LabelSet, Double> e : vectors.steps().get(i).entrySet()) {
              List<double[]> list = points.get(e.getKey());
              if (list == null) {
                list = new ArrayList<>();
                points.put(e.getKey(), list);
                ctx.checkSeries(points.size());
              }
              list.add(new double[] {millis, e.getValue()});
            }
          }
        }
      }
    }
    List<Series> series = new ArrayList<>(points.size());
    Map<LabelSet, String> names = new HashMap<>();
    points.forEach(
        (labels, list) -> {
          long[] times = new long[list.size()];
          double[] values = new double[list.size()];
          for (int i = 0; i < list.size(); i++) {
            times[i] = (long) list.get(i)[0];
            values[i] = list.get(i)[1];
          }
          series.add(new Series(labels, times, values));
          names.put(labels, labels.toString());
        });
    series.sort(Comparator.comparing(s -> names.get(s.metric())));
    return new MatrixResult(series);
  }

  /** sort, sort_desc, topk and bottomk order an instant vector by value. */
  private static boolean keepsOrder(SampleExpr expr) {
    return expr instanceof VectorAggregation aggregation
        && switch (aggregation.op()) {
          case SORT, SORT_DESC, TOPK, BOTTOMK, APPROX_TOPK -> true;
          default -> false;
        };
  }
}
