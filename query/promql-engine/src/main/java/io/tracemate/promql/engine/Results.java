package io.tracemate.promql.engine;

import io.tracemate.promql.syntax.LabelMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the final value into a {@link QueryResult}: metric names marked for removal are removed now (Prometheus'
 * delayed name removal), series that then coincide are merged (a matrix) or refused (an instant vector), and
 * matrices are sorted by labels.
 */
final class Results {
  private Results() {}

  static QueryResult instant(Value value, long time) {
    return switch (value) {
      case Value.VectorValue v -> {
        List<QueryResult.Sample> samples = new ArrayList<>(v.series().size());
        Set<Labels> seen = new HashSet<>();
        for (StepSeries s : v.series()) {
          Labels labels = finalLabels(s);
          if (!seen.add(labels)) {
            throw new QueryEvaluationException(
                "vector cannot contain metrics with the same labelset");
          }
          samples.add(new QueryResult.Sample(labels, time, s.value(0)));
        }
        yield new QueryResult.Vector(samples);
      }
      case Value.MatrixValue m -> matrix(m.series());
      case Value.ScalarValue s -> new QueryResult.Scalar(time, s.at(0));
      case Value.StringValue s -> new QueryResult.StringValue(time, s.value());
    };
  }

  static QueryResult range(Value value, Steps steps) {
    return switch (value) {
      case Value.VectorValue v -> matrix(v.series());
      case Value.ScalarValue s -> {
        List<QueryResult.Point> points = new ArrayList<>();
        for (int step = 0; step < steps.count(); step++) {
          points.add(new QueryResult.Point(steps.time(step), s.at(step)));
        }
        yield new QueryResult.Matrix(List.of(new QueryResult.Series(Labels.EMPTY, points)));
      }
      default -> throw new IllegalStateException("range query of " + value);
    };
  }

  private static QueryResult.Matrix matrix(List<StepSeries> series) {
    List<StepSeries> renamed = new ArrayList<>(series.size());
    for (StepSeries s : series) {
      renamed.add(s.relabel(finalLabels(s), false));
    }
    List<StepSeries> merged = LabelFunctions.merge(renamed);
    List<QueryResult.Series> out = new ArrayList<>(merged.size());
    for (StepSeries s : merged) {
      List<QueryResult.Point> points = new ArrayList<>(s.size());
      for (int i = 0; i < s.size(); i++) {
        points.add(new QueryResult.Point(s.time(i), s.value(i)));
      }
      out.add(new QueryResult.Series(s.labels, points));
    }
    out.sort((a, b) -> a.labels().compareTo(b.labels()));
    return new QueryResult.Matrix(out);
  }

  private static Labels finalLabels(StepSeries s) {
    return s.dropName ? s.labels.without(LabelMatcher.METRIC_NAME) : s.labels;
  }
}
