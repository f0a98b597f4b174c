package io.tracemate.promql.engine;

import io.tracemate.promql.syntax.Expr;
import io.tracemate.promql.syntax.Expr.Call;
import io.tracemate.promql.syntax.Expr.MatrixSelector;
import io.tracemate.promql.syntax.Expr.Subquery;
import io.tracemate.promql.syntax.Expr.VectorSelector;
import io.tracemate.promql.syntax.Function;
import io.tracemate.promql.syntax.LabelMatcher;
import io.tracemate.querysupport.MatchType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * Function calls: range-vector functions go to {@link RangeCalls}, label functions to {@link LabelFunctions},
 * histograms to {@link ClassicHistograms}, calendar functions to {@link DateFunctions}; the rest (math on every
 * sample, clamp, round, scalar, vector, time, timestamp, absent, sort) are here. Functions that change a sample's
 * meaning mark its metric name for removal at the end of the query, as Prometheus' delayed name removal does.
 */
final class Calls {
  private final Evaluator ev;
  private final QueryContext ctx;

  Calls(Evaluator ev) {
    this.ev = ev;
    this.ctx = ev.ctx;
  }

  Value evaluate(Call call, Steps steps) {
    List<Expr> args = call.args();
    for (int i = 0; i < args.size(); i++) {
      Expr arg = Evaluator.unwrap(args.get(i));
      if (arg instanceof MatrixSelector || arg instanceof Subquery) {
        return new RangeCalls(ev).evaluate(call, i, steps);
      }
    }
    Function f = call.function();
    return switch (f) {
      case ABS -> map(args, steps, Math::abs);
      case CEIL -> map(args, steps, Math::ceil);
      case FLOOR -> map(args, steps, Math::floor);
      case EXP -> map(args, steps, Math::exp);
      case SQRT -> map(args, steps, Math::sqrt);
      case LN -> map(args, steps, Math::log);
      case LOG2 -> map(args, steps, Calls::log2);
      case LOG10 -> map(args, steps, Math::log10);
      case SGN -> map(args, steps, v -> v < 0 ? -1 : v > 0 ? 1 : v);
      case SIN -> map(args, steps, Math::sin);
      case COS -> map(args, steps, Math::cos);
      case TAN -> map(args, steps, Math::tan);
      case ASIN -> map(args, steps, Math::asin);
      case ACOS -> map(args, steps, Math::acos);
      case ATAN -> map(args, steps, Math::atan);
      case SINH -> map(args, steps, Math::sinh);
      case COSH -> map(args, steps, Math::cosh);
      case TANH -> map(args, steps, Math::tanh);
      case ASINH -> map(args, steps, Calls::asinh);
      case ACOSH -> map(args, steps, Calls::acosh);
      case ATANH -> map(args, steps, Calls::atanh);
      case DEG -> map(args, steps, v -> v * 180 / Math.PI);
      case RAD -> map(args, steps, v -> v * Math.PI / 180);
      case CLAMP -> clamp(args, steps, args.get(1), args.get(2));
      case CLAMP_MIN -> clamp(args, steps, args.get(1), null);
      case CLAMP_MAX -> clamp(args, steps, null, args.get(1));
      case ROUND -> round(args, steps);
      case SCALAR_ -> scalar(args.get(0), steps);
      case VECTOR_ -> vector(args.get(0), steps);
      case TIME -> time(steps);
      case PI -> new Value.ConstantScalar(Math.PI);
      case TIMESTAMP -> timestamp(args.get(0), steps);
      case ABSENT -> absent(args.get(0), steps);
      case SORT, SORT_DESC -> sort(args.get(0), steps, f == Function.SORT_DESC);
      case LABEL_REPLACE, LABEL_JOIN -> new LabelFunctions(ev).evaluate(call, steps);
      case HISTOGRAM_QUANTILE, HISTOGRAM_FRACTION ->
          new ClassicHistograms(ev).evaluate(call, steps);
      case DAYS_IN_MONTH, DAY_OF_MONTH, DAY_OF_WEEK, DAY_OF_YEAR, HOUR, MINUTE, MONTH, YEAR ->
          DateFunctions.evaluate(ev, call, steps);
      default ->
          throw new QueryEvaluationException("function " + f.promqlName() + " is not supported");
    };
  }

  /** A function of every sample's value; the result has no metric name. */
  private Value map(List<Expr> args, Steps steps, DoubleUnaryOperator op) {
    Value.VectorValue input = ev.vector(args.get(0), steps);
    List<StepSeries> out = new ArrayList<>(input.series().size());
    for (StepSeries s : input.series()) {
      ctx.tick();
      StepSeries mapped = new StepSeries(s.labels, true, s.size());
      for (int i = 0; i < s.size(); i++) {
        mapped.add(s.time(i), op.applyAsDouble(s.value(i)));
      }
      out.add(mapped);
    }
    return new Value.VectorValue(out);
  }

  private Value clamp(List<Expr> args, Steps steps, Expr minArg, Expr maxArg) {
    Value.VectorValue input = ev.vector(args.get(0), steps);
    Value.ScalarValue min =
        minArg == null
            ? new Value.ConstantScalar(Double.NEGATIVE_INFINITY)
            : ev.scalar(minArg, steps);
    Value.ScalarValue max =
        maxArg == null
            ? new Value.ConstantScalar(Double.POSITIVE_INFINITY)
            : ev.scalar(maxArg, steps);
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries s : input.series()) {
      StepSeries clamped = new StepSeries(s.labels, true, s.size());
      for (int i = 0; i < s.size(); i++) {
        int step = stepIndex(steps, s.time(i));
        double lo = min.at(step);
        double hi = max.at(step);
        if (hi < lo) {
          ctx.release(1);
          continue;
        }
        clamped.add(s.time(i), Math.max(lo, Math.min(hi, s.value(i))));
      }
      if (clamped.size() > 0) {
        out.add(clamped);
      }
    }
    ctx.release(min);
    ctx.release(max);
    return new Value.VectorValue(out);
  }

  private Value round(List<Expr> args, Steps steps) {
    Value.VectorValue input = ev.vector(args.get(0), steps);
    Value.ScalarValue nearest =
        args.size() > 1 ? ev.scalar(args.get(1), steps) : new Value.ConstantScalar(1);
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries s : input.series()) {
      StepSeries rounded = new StepSeries(s.labels, true, s.size());
      for (int i = 0; i < s.size(); i++) {
        // Prometheus multiplies by the inverse: fewer floating point surprises than dividing.
        double inverse = 1.0 / nearest.at(stepIndex(steps, s.time(i)));
        rounded.add(s.time(i), Math.floor(s.value(i) * inverse + 0.5) / inverse);
      }
      out.add(rounded);
    }
    ctx.release(nearest);
    return new Value.VectorValue(out);
  }

  /** The single sample's value at each step, NaN when there is none or several. */
  private Value scalar(Expr arg, Steps steps) {
    Value.VectorValue input = ev.vector(arg, steps);
    double[] values = ev.scalarArray(steps);
    int[] counts = new int[values.length];
    java.util.Arrays.fill(values, Double.NaN);
    for (StepSeries s : input.series()) {
      for (int i = 0; i < s.size(); i++) {
        int step = stepIndex(steps, s.time(i));
        values[step] = ++counts[step] == 1 ? s.value(i) : Double.NaN;
      }
    }
    ctx.release(input);
    return new Value.StepScalar(values);
  }

  private Value vector(Expr arg, Steps steps) {
    Value.ScalarValue value = ev.scalar(arg, steps);
    int count = (int) steps.count();
    ctx.hold(count);
    StepSeries s = new StepSeries(Labels.EMPTY, false, count);
    for (int step = 0; step < count; step++) {
      s.add(steps.time(step), value.at(step));
    }
    ctx.release(value);
    return new Value.VectorValue(List.of(s));
  }

  private Value time(Steps steps) {
    double[] values = ev.scalarArray(steps);
    for (int step = 0; step < values.length; step++) {
      values[step] = steps.time(step) / 1000.0;
    }
    return new Value.StepScalar(values);
  }

  /** A sample's timestamp: its own for a plain selector, the evaluation time for anything computed. */
  private Value timestamp(Expr arg, Steps steps) {
    Expr inner = Evaluator.unwrap(arg);
    if (inner instanceof VectorSelector vs) {
      Value.VectorValue times = Selectors.vector(vs, steps, ctx, true);
      List<StepSeries> out = new ArrayList<>(times.series().size());
      for (StepSeries s : times.series()) {
        out.add(s.relabel(s.labels, true));
      }
      return new Value.VectorValue(out);
    }
    Value.VectorValue input = ev.vector(arg, steps);
    List<StepSeries> out = new ArrayList<>(input.series().size());
    for (StepSeries s : input.series()) {
      StepSeries t = new StepSeries(s.labels, true, s.size());
      for (int i = 0; i < s.size(); i++) {
        t.add(s.time(i), s.time(i) / 1000.0);
      }
      out.add(t);
    }
    return new Value.VectorValue(out);
  }

  /** 1 with the selector's equality labels at the steps where the vector is empty. */
  private Value absent(Expr arg, Steps steps) {
    Value.VectorValue input = ev.vector(arg, steps);
    int count = (int) steps.count();
    boolean[] present = new boolean[count];
    for (StepSeries s : input.series()) {
      for (int i = 0; i < s.size(); i++) {
        present[stepIndex(steps, s.time(i))] = true;
      }
    }
    ctx.release(input);
    StepSeries absent = new StepSeries(absentLabels(arg), false);
    for (int step = 0; step < count; step++) {
      if (!present[step]) {
        ctx.hold(1);
        absent.add(steps.time(step), 1);
      }
    }
    return new Value.VectorValue(absent.size() == 0 ? List.of() : List.of(absent));
  }

  /** Prometheus' createLabelsForAbsentFunction: each label an equality matcher fixes (once, not the name). */
  static Labels absentLabels(Expr arg) {
    Expr inner = Evaluator.unwrap(arg);
    List<LabelMatcher> matchers;
    if (inner instanceof VectorSelector vs) {
      matchers = vs.allMatchers();
    } else if (inner instanceof MatrixSelector ms) {
      matchers = ms.selector().allMatchers();
    } else {
      return Labels.EMPTY;
    }
    Labels labels = Labels.EMPTY;
    Set<String> has = new HashSet<>();
    for (LabelMatcher m : matchers) {
      if (m.name().equals(LabelMatcher.METRIC_NAME)) {
        continue;
      }
      if (m.type() == MatchType.EQUAL && has.add(m.name())) {
        labels = labels.with(m.name(), m.value());
      } else {
        labels = labels.without(m.name());
      }
    }
    return labels;
  }

  /**
   * sort / sort_desc: only an instant query's order means anything (a range query's series are sorted by labels),
   * so the series are ordered by their value at the single step, NaN last.
   */
  private Value sort(Expr arg, Steps steps, boolean descending) {
    Value.VectorValue input = ev.vector(arg, steps);
    if (!steps.isInstant()) {
      return input;
    }
    Comparator<StepSeries> byValue =
        (a, b) -> {
          double x = a.value(0);
          double y = b.value(0);
          if (Double.isNaN(x) || Double.isNaN(y)) {
            return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
          }
          return descending ? Double.compare(y, x) : Double.compare(x, y);
        };
    List<StepSeries> sorted = new ArrayList<>(input.series());
    sorted.sort(byValue);
    return new Value.VectorValue(sorted);
  }

  static int stepIndex(Steps steps, long time) {
    return (int) ((time - steps.start()) / steps.interval());
  }

  private static double log2(double v) {
    if (v > 0
        && !Double.isInfinite(v)
        && Long.bitCount(Double.doubleToRawLongBits(v) & 0x000fffffffffffffL) == 0) {
      return Math.getExponent(v);
    }
    return Math.log(v) / Math.log(2);
  }

  private static double asinh(double x) {
    if (Double.isInfinite(x) || x == 0 || Double.isNaN(x)) {
      return x;
    }
    return Math.copySign(Math.log(Math.abs(x) + Math.sqrt(x * x + 1)), x);
  }

  private static double acosh(double x) {
    if (x < 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    return Math.log(x + Math.sqrt(x * x - 1));
  }

  private static double atanh(double x) {
    if (x < -1 || x > 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (x == -1) {
      return Double.NEGATIVE_INFINITY;
    }
    return 0.5 * Math.log((1 + x) / (1 - x));
  }
}
