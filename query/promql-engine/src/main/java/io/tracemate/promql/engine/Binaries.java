package io.tracemate.promql.engine;

import io.tracemate.promql.syntax.Expr.Binary;
import io.tracemate.promql.syntax.LabelMatcher;
import io.tracemate.promql.syntax.ValueType;
import io.tracemate.promql.syntax.VectorMatching;
import io.tracemate.promql.syntax.VectorMatching.Cardinality;
import io.tracemate.querysupport.BinaryOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binary operators. Scalar with scalar is plain arithmetic; vector with scalar applies to every sample; vector with
 * vector pairs samples per step by their matching labels ({@code on}/{@code ignoring}, all labels but the name by
 * default) with Prometheus' cardinality rules and error messages: one-to-one unless {@code group_left}/
 * {@code group_right} allow many on one side, and set operators ({@code and or unless}) many-to-many. Arithmetic
 * drops the metric name; comparisons filter (or yield 0/1 with {@code bool}) and keep it.
 */
final class Binaries {
  private final Evaluator ev;
  private final QueryContext ctx;

  Binaries(Evaluator ev) {
    this.ev = ev;
    this.ctx = ev.ctx;
  }

  Value evaluate(Binary b, Steps steps) {
    ValueType lt = b.lhs().type();
    ValueType rt = b.rhs().type();
    Value left = ev.eval(b.lhs(), steps);
    Value right = ev.eval(b.rhs(), steps);
    if (lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
      return scalars(b, (Value.ScalarValue) left, (Value.ScalarValue) right, steps);
    }
    if (lt == ValueType.VECTOR && rt == ValueType.SCALAR) {
      return vectorScalar(b, (Value.VectorValue) left, (Value.ScalarValue) right, false, steps);
    }
    if (lt == ValueType.SCALAR) {
      return vectorScalar(b, (Value.VectorValue) right, (Value.ScalarValue) left, true, steps);
    }
    Value.VectorValue l = (Value.VectorValue) left;
    Value.VectorValue r = (Value.VectorValue) right;
    Value result = b.op().isSetOperator() ? setOperation(b, l, r, steps) : vectors(b, l, r, steps);
    ctx.release(l);
    ctx.release(r);
    return result;
  }

  private Value scalars(Binary b, Value.ScalarValue l, Value.ScalarValue r, Steps steps) {
    if (l instanceof Value.ConstantScalar x && r instanceof Value.ConstantScalar y) {
      return new Value.ConstantScalar(b.op().apply(x.value(), y.value()));
    }
    double[] out = ev.scalarArray(steps);
    for (int i = 0; i < out.length; i++) {
      out[i] = b.op().apply(l.at(i), r.at(i));
    }
    ctx.release(l);
    ctx.release(r);
    return new Value.StepScalar(out);
  }

  /** Every sample with the scalar; {@code swapped} when the scalar is on the left. */
  private Value vectorScalar(
      Binary b, Value.VectorValue vector, Value.ScalarValue scalar, boolean swapped, Steps steps) {
    BinaryOp op = b.op();
    boolean comparison = op.isComparison();
    List<StepSeries> out = new ArrayList<>(vector.series().size());
    for (StepSeries s : vector.series()) {
      ctx.tick();
      boolean dropName = op.isArithmetic() || b.returnBool() || s.dropName;
      StepSeries result = new StepSeries(s.labels, dropName, s.size());
      for (int i = 0; i < s.size(); i++) {
        double sample = s.value(i);
        double other = scalar.at(Calls.stepIndex(steps, s.time(i)));
        double l = swapped ? other : sample;
        double r = swapped ? sample : other;
        if (!comparison) {
          result.add(s.time(i), op.arithmetic(l, r));
        } else {
          boolean keep = op.compare(l, r);
          if (b.returnBool()) {
            result.add(s.time(i), keep ? 1 : 0);
          } else if (keep) {
            result.add(s.time(i), sample);
          } else {
            ctx.release(1);
          }
        }
      }
      if (result.size() > 0) {
        out.add(result);
      }
    }
    ctx.release(scalar);
    return new Value.VectorValue(out);
  }

  /** The labels two series are matched on. */
  private static Labels[] signatures(VectorMatching m, List<StepSeries> series) {
    Set<String> names = new HashSet<>(m.matchingLabels());
    if (!m.on()) {
      names.add(LabelMatcher.METRIC_NAME);
    }
    Labels[] sigs = new Labels[series.size()];
    for (int i = 0; i < sigs.length; i++) {
      Labels labels = series.get(i).labels;
      sigs[i] = m.on() ? labels.keep(names) : labels.without(names);
    }
    return sigs;
  }

  private Value setOperation(Binary b, Value.VectorValue l, Value.VectorValue r, Steps steps) {
    VectorMatching m = b.matching().orElseThrow();
    Labels[] lsig = signatures(m, l.series());
    Labels[] rsig = signatures(m, r.series());
    StepGather lg = new StepGather(l.series());
    StepGather rg = new StepGather(r.series());
    SeriesCollector out = new SeriesCollector(ctx);
    Set<Labels> sigs = new HashSet<>();
    int count = (int) steps.count();
    for (int step = 0; step < count; step++) {
      ctx.tick();
      long time = steps.time(step);
      lg.advance(time);
      rg.advance(time);
      sigs.clear();
      switch (b.op()) {
        case AND -> {
          if (lg.count == 0 || rg.count == 0) {
            continue;
          }
          for (int p = 0; p < rg.count; p++) {
            sigs.add(rsig[rg.present[p]]);
          }
          for (int p = 0; p < lg.count; p++) {
            if (sigs.contains(lsig[lg.present[p]])) {
              emit(out, lg, p, time);
            }
          }
        }
        case OR -> {
          for (int p = 0; p < lg.count; p++) {
            sigs.add(lsig[lg.present[p]]);
            emit(out, lg, p, time);
          }
          for (int p = 0; p < rg.count; p++) {
            if (!sigs.contains(rsig[rg.present[p]])) {
              emit(out, rg, p, time);
            }
          }
        }
        case UNLESS -> {
          for (int p = 0; p < rg.count; p++) {
            sigs.add(rsig[rg.present[p]]);
          }
          for (int p = 0; p < lg.count; p++) {
            if (!sigs.contains(lsig[lg.present[p]])) {
              emit(out, lg, p, time);
            }
          }
        }
        default -> throw new IllegalStateException(b.op() + " is not a set operator");
      }
    }
    return out.result();
  }

  private static void emit(SeriesCollector out, StepGather gather, int p, long time) {
    StepSeries s = gather.series(p);
    out.add(s.labels, s.dropName, time, gather.values[p]);
  }

  /** Arithmetic and comparison between two vectors. */
  private Value vectors(Binary b, Value.VectorValue left, Value.VectorValue right, Steps steps) {
    VectorMatching m = b.matching().orElseThrow();
    boolean oneToMany = m.cardinality() == Cardinality.ONE_TO_MANY;
    // For one-to-many the sides swap: the "many" side is always walked, the "one" side looked up.
    List<StepSeries> many = oneToMany ? right.series() : left.series();
    List<StepSeries> one = oneToMany ? left.series() : right.series();
    Labels[] manySig = signatures(m, many);
    Labels[] oneSig = signatures(m, one);
    StepGather manyGather = new StepGather(many);
    StepGather oneGather = new StepGather(one);
    SeriesCollector out = new SeriesCollector(ctx);
    Map<Long, Labels> resultLabels = new HashMap<>();
    Map<Labels, Integer> oneBySig = new HashMap<>();
    Map<Labels, Set<Labels>> matched = new HashMap<>();
    BinaryOp op = b.op();
    int count = (int) steps.count();
    for (int step = 0; step < count; step++) {
      ctx.tick();
      long time = steps.time(step);
      manyGather.advance(time);
      oneGather.advance(time);
      if (manyGather.count == 0 || oneGather.count == 0) {
        continue;
      }
      oneBySig.clear();
      matched.clear();
      for (int p = 0; p < oneGather.count; p++) {
        int s = oneGather.present[p];
        Integer previous = oneBySig.putIfAbsent(oneSig[s], p);
        if (previous != null) {
          throw duplicateOnOneSide(
              oneSig[s], oneToMany, oneGather.series(p), oneGather.series(previous));
        }
      }
      for (int p = 0; p < manyGather.count; p++) {
        int s = manyGather.present[p];
        Integer o = oneBySig.get(manySig[s]);
        if (o == null) {
          continue;
        }
        int oneSeries = oneGather.present[o];
        double fl = manyGather.values[p];
        double fr = oneGather.values[o];
        if (oneToMany) {
          double t = fl;
          fl = fr;
          fr = t;
        }
        double value;
        boolean keep = true;
        if (op.isComparison()) {
          keep = op.compare(fl, fr);
          value = b.returnBool() ? (keep ? 1 : 0) : fl;
        } else {
          value = op.arithmetic(fl, fr);
        }
        StepSeries manySeries = manyGather.series(p);
        Labels labels =
            resultLabels.computeIfAbsent(
                (long) s * one.size() + oneSeries,
                k -> resultLabels(manySeries.labels, one.get(oneSeries).labels, op, m));
        Set<Labels> results = matched.computeIfAbsent(manySig[s], k -> new HashSet<>());
        if (!results.add(labels)
            || (m.cardinality() == Cardinality.ONE_TO_ONE && results.size() > 1)) {
          throw new QueryEvaluationException(
              m.cardinality() == Cardinality.ONE_TO_ONE
                  ? "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)"
                  : "multiple matches for labels: grouping labels must ensure unique matches");
        }
        if (!keep && !b.returnBool()) {
          continue;
        }
        out.add(labels, b.returnBool() || manySeries.dropName, time, value);
      }
    }
    return out.result();
  }

  /** Prometheus' resultMetric: the "many" side's labels, reduced for one-to-one, plus group_x labels. */
  private static Labels resultLabels(Labels many, Labels one, BinaryOp op, VectorMatching m) {
    Labels labels = many;
    if (op.isArithmetic()) {
      labels = labels.without(LabelMatcher.METRIC_NAME);
    }
    if (m.cardinality() == Cardinality.ONE_TO_ONE) {
      labels =
          m.on()
              ? labels.keep(new HashSet<>(m.matchingLabels()))
              : labels.without(m.matchingLabels());
    }
    for (String name : m.include()) {
      labels = labels.with(name, one.get(name));
    }
    return labels;
  }

  private static QueryEvaluationException duplicateOnOneSide(
      Labels sig, boolean oneToMany, StepSeries a, StepSeries b) {
    String first = a.labels.toString();
    String second = b.labels.toString();
    if (first.compareTo(second) > 0) {
      String t = first;
      first = second;
      second = t;
    }
    return new QueryEvaluationException(
        "found duplicate series for the match group "
            + sig
            + " on the "
            + (oneToMany ? "left" : "right")
            + " hand-side of the operation: ["
            + first
            + ", "
            + second
            + "];many-to-many matching not allowed: matching labels must be unique on one side");
  }
}
