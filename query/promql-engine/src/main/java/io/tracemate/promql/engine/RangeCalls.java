package io.tracemate.promql.engine;

import io.tracemate.promql.syntax.AtModifier;
import io.tracemate.promql.syntax.Expr;
import io.tracemate.promql.syntax.Expr.Call;
import io.tracemate.promql.syntax.Expr.MatrixSelector;
import io.tracemate.promql.syntax.Expr.Subquery;
import io.tracemate.promql.syntax.Function;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Functions over a range vector ({@code rate(x[5m])}, {@code max_over_time(f(x)[1h:1m])}): the input series are read
 * once for all steps (a range selector's samples, or a subquery's points), then a window slides over each series,
 * {@code (ref - range, ref]} with ref the step's time (or the {@code @} time) minus the offset, and the function
 * computes one point per step where the window is not empty.
 */
final class RangeCalls {
  private final Evaluator ev;
  private final QueryContext ctx;

  RangeCalls(Evaluator ev) {
    this.ev = ev;
    this.ctx = ev.ctx;
  }

  Value evaluate(Call call, int rangeArg, Steps steps) {
    Function f = call.function();
    Expr arg = Evaluator.unwrap(call.args().get(rangeArg));
    Value.ScalarValue param = null;
    for (int i = 0; i < call.args().size(); i++) {
      if (i != rangeArg) {
        param = ev.scalar(call.args().get(i), steps);
      }
    }
    long range;
    long offset;
    Optional<AtModifier> at;
    List<StepSeries> input;
    if (arg instanceof MatrixSelector m) {
      range = m.rangeMillis();
      offset = m.selector().offsetMillis();
      at = m.selector().at();
      input = Selectors.range(m, steps, ctx);
    } else {
      Subquery s = (Subquery) arg;
      range = s.rangeMillis();
      offset = s.offsetMillis();
      at = s.at();
      input = ev.subquery(s, steps);
    }
    boolean keepsName = f == Function.LAST_OVER_TIME || f == Function.FIRST_OVER_TIME;
    RangeFunctions.RangeFunction function = RangeFunctions.of(f);
    int count = (int) steps.count();
    Window w = new Window();
    w.rangeMillis = range;
    double[] out = new double[1];
    double[] scratch = new double[64];
    List<StepSeries> result = new ArrayList<>();
    for (StepSeries series : input) {
      ctx.check();
      w.t = series.times();
      w.v = series.values();
      StepSeries output =
          new StepSeries(series.labels, !keepsName || series.dropName, Math.min(count, 64));
      int lo = 0;
      int hi = 0;
      for (int step = 0; step < count; step++) {
        ctx.tick();
        long time = steps.time(step);
        long ref = Selectors.reference(at, offset, time, ctx);
        long rangeStart = ref - range;
        while (hi < series.size() && series.time(hi) <= ref) {
          hi++;
        }
        while (lo < hi && series.time(lo) <= rangeStart) {
          lo++;
        }
        if (lo == hi) {
          continue;
        }
        w.from = lo;
        w.to = hi;
        w.rangeStart = rangeStart;
        w.rangeEnd = ref;
        w.stepTime = time;
        w.param = param == null ? 0 : param.at(step);
        if (f == Function.QUANTILE_OVER_TIME && scratch.length < w.size()) {
          scratch = new double[w.size()];
        }
        if (function.apply(w, out, scratch)) {
          ctx.hold(1);
          output.add(time, out[0]);
        }
      }
      if (output.size() > 0) {
        result.add(output);
      }
    }
    for (StepSeries series : input) {
      ctx.release(series.size());
    }
    if (param != null) {
      ctx.release(param);
    }
    if (f == Function.ABSENT_OVER_TIME) {
      return absentOverTime(result, arg, steps);
    }
    return new Value.VectorValue(result);
  }

  /** One series, labelled from the selector's equality matchers, at the steps where no input series had samples. */
  private Value absentOverTime(List<StepSeries> present, Expr arg, Steps steps) {
    int count = (int) steps.count();
    boolean[] found = new boolean[count];
    int foundCount = 0;
    for (StepSeries s : present) {
      for (int i = 0; i < s.size(); i++) {
        int step = (int) ((s.time(i) - steps.start()) / steps.interval());
        if (!found[step]) {
          found[step] = true;
          foundCount++;
        }
      }
      ctx.release(s.size());
    }
    if (foundCount == count) {
      return new Value.VectorValue(List.of());
    }
    StepSeries absent = new StepSeries(Calls.absentLabels(arg), true, count - foundCount);
    for (int step = 0; step < count; step++) {
      if (!found[step]) {
        ctx.hold(1);
        absent.add(steps.time(step), 1);
      }
    }
    return new Value.VectorValue(List.of(absent));
  }
}
