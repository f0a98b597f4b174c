package io.tracemate.logql.engine;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tracemate.common.regex.GoRegex;
import io.tracemate.logql.engine.pipeline.QueryRegexes;
import io.tracemate.logql.syntax.SampleExpr;
import io.tracemate.logql.syntax.SampleExpr.BinaryOperation;
import io.tracemate.logql.syntax.SampleExpr.LabelReplace;
import io.tracemate.logql.syntax.SampleExpr.Literal;
import io.tracemate.logql.syntax.SampleExpr.RangeAggregation;
import io.tracemate.logql.syntax.SampleExpr.VectorAggregation;
import io.tracemate.logql.syntax.SampleExpr.VectorLiteral;
import io.tracemate.logs.model.LabelSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a metric expression tree at a group of steps, bottom-up: range aggregations read the store, everything
 * above works on per-step vectors. Not thread-safe; one per step group.
 */
final class StepEvaluator {
  private final QueryContext ctx;
  private final long[] steps;

  StepEvaluator(QueryContext ctx, long[] steps) {
    this.ctx = ctx;
    this.steps = steps;
  }

  StepValue evaluate(SampleExpr expr) {
    return switch (expr) {
      case Literal literal -> {
        double[] values = new double[steps.length];
        Arrays.fill(values, literal.value());
        yield new StepValue.Scalars(values);
      }
      case VectorLiteral vector -> {
        List<Map<LabelSet, Double>> out = new ArrayList<>(steps.length);
        for (int i = 0; i < steps.length; i++) {
          out.add(Map.of(LabelSet.EMPTY, vector.value()));
        }
        yield new StepValue.Vectors(out);
      }
      case RangeAggregation range ->
          new RangeAggregationEvaluator(ctx, true).evaluate(range, steps);
      case VectorAggregation aggregation -> {
        StepValue innerValue =
            aggregation.inner() instanceof RangeAggregation range
                ? new RangeAggregationEvaluator(ctx, false).evaluate(range, steps)
                : evaluate(aggregation.inner());
        List<Map<LabelSet, Double>> inner = vectors(innerValue, aggregation.op().symbol());
        List<Map<LabelSet, Double>> out = new ArrayList<>(steps.length);
        Map<LabelSet, LabelSet> groupKeys = new HashMap<>();
        for (Map<LabelSet, Double> vector : inner) {
          Map<LabelSet, Double> result = VectorAggregations.apply(aggregation, vector, groupKeys);
          ctx.checkSeries(result.size());
          out.add(result);
        }
        if (aggregation.inner() instanceof RangeAggregation) {
          // the range aggregation's vectors (reserved when built) are garbage once aggregated
          long entries = 0;
          for (Map<LabelSet, Double> vector : inner) {
            entries += vector.size();
          }
          ctx.release(entries * RangeAggregationEvaluator.VECTOR_ENTRY_BYTES);
        }
        yield new StepValue.Vectors(out);
      }
      case BinaryOperation binary -> binary(binary);
      case LabelReplace replace -> labelReplace(replace);
    };
  }

  private static List<Map<LabelSet, Double>> vectors(StepValue value, String what) {
    if (value instanceof StepValue.Vectors vectors) {
      return vectors.steps();
    }
    throw new QueryEvaluationException(what + " expects a vector argument, got a scalar");
  }

  private StepValue binary(BinaryOperation binary) {
    StepValue left = evaluate(binary.left());
    StepValue right = evaluate(binary.right());
    boolean returnBool = binary.modifier().returnBool();
    if (left instanceof StepValue.Scalars l && right instanceof StepValue.Scalars r) {
      double[] out = new double[steps.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = BinaryOperations.arithmetic(binary.op(), l.values()[i], r.values()[i]);
      }
      return new StepValue.Scalars(out);
    }
    List<Map<LabelSet, Double>> out = new ArrayList<>(steps.length);
    for (int i = 0; i < steps.length; i++) {
      Map<LabelSet, Double> result;
      if (left instanceof StepValue.Vectors l && right instanceof StepValue.Scalars r) {
        result =
            BinaryOperations.vectorScalar(
                binary.op(), l.steps().get(i), r.values()[i], false, returnBool);
      } else if (left instanceof StepValue.Scalars l && right instanceof StepValue.Vectors r) {
        result =
            BinaryOperations.vectorScalar(
                binary.op(), r.steps().get(i), l.values()[i], true, returnBool);
      } else {
        result =
            BinaryOperations.vectorVector(
                binary.op(),
                ((StepValue.Vectors) left).steps().get(i),
                ((StepValue.Vectors) right).steps().get(i),
                binary.modifier());
      }
      ctx.checkSeries(result.size());
      out.add(result);
    }
    return new StepValue.Vectors(out);
  }

  /** Prometheus' label_replace: a fully anchored match of the source label sets the destination. */
  private StepValue labelReplace(LabelReplace replace) {
    List<Map<LabelSet, Double>> inner = vectors(evaluate(replace.inner()), "label_replace");
    Pattern re = QueryRegexes.compile("^(?:" + replace.regex() + ")$");
    List<Map<LabelSet, Double>> out = new ArrayList<>(steps.length);
    for (Map<LabelSet, Double> vector : inner) {
      Map<LabelSet, Double> replaced = new HashMap<>();
      for (Map.Entry<LabelSet, Double> e : vector.entrySet()) {
        LabelSet labels = e.getKey();
        String source = labels.get(replace.source());
        Matcher m = ctx.pipeline.matcher(re, source == null ? "" : source);
        if (m.matches()) {
          String value = GoRegex.expand(new StringBuilder(), replace.replacement(), m).toString();
          labels =
              value.isEmpty()
                  ? labels.without(replace.destination())
                  : labels.with(replace.destination(), value);
        }
        if (replaced.put(labels, e.getValue()) != null) {
          throw new QueryEvaluationException(
              "vector cannot contain metrics with the same labelset");
        }
      }
      out.add(replaced);
    }
    return new StepValue.Vectors(out);
  }
}
