package io.tracemate.promql.engine;

import io.tracemate.promql.syntax.Expr;
import io.tracemate.promql.syntax.Expr.Aggregation;
import io.tracemate.promql.syntax.Expr.Binary;
import io.tracemate.promql.syntax.Expr.Call;
import io.tracemate.promql.syntax.Expr.MatrixSelector;
import io.tracemate.promql.syntax.Expr.NumberLiteral;
import io.tracemate.promql.syntax.Expr.Paren;
import io.tracemate.promql.syntax.Expr.StringLiteral;
import io.tracemate.promql.syntax.Expr.Subquery;
import io.tracemate.promql.syntax.Expr.Unary;
import io.tracemate.promql.syntax.Expr.VectorSelector;
import io.tracemate.promql.syntax.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates an expression over a set of steps, bottom-up, as Prometheus' range evaluation does: every node yields
 * its whole result over all steps (an instant vector's series with one point per step where present), so a selector
 * reads its series once per evaluation, not once per step. Subqueries evaluate their expression on steps of their
 * own. One per query; single-threaded.
 */
final class Evaluator {
  final QueryContext ctx;

  Evaluator(QueryContext ctx) {
    this.ctx = ctx;
  }

  Value eval(Expr expr, Steps steps) {
    ctx.check();
    if (steps.count() == 0) {
      return empty(expr);
    }
    return switch (expr) {
      case NumberLiteral n -> new Value.ConstantScalar(n.value());
      case StringLiteral s -> new Value.StringValue(s.value());
      case Paren p -> eval(p.expr(), steps);
      case VectorSelector v -> Selectors.vector(v, steps, ctx, false);
      case MatrixSelector m -> new Value.MatrixValue(Selectors.range(m, steps, ctx));
      case Subquery s -> new Value.MatrixValue(subquery(s, steps));
      case Unary u -> unary(u, steps);
      case Binary b -> new Binaries(this).evaluate(b, steps);
      case Aggregation a -> new Aggregations(this).evaluate(a, steps);
      case Call c -> new Calls(this).evaluate(c, steps);
    };
  }

  private static Value empty(Expr expr) {
    return switch (expr.type()) {
      case SCALAR -> new Value.StepScalar(new double[0]);
      case STRING -> new Value.StringValue(((StringLiteral) unwrap(expr)).value());
      case VECTOR -> new Value.VectorValue(List.of());
      case MATRIX -> new Value.MatrixValue(List.of());
    };
  }

  Value.VectorValue vector(Expr expr, Steps steps) {
    return (Value.VectorValue) eval(expr, steps);
  }

  Value.ScalarValue scalar(Expr expr, Steps steps) {
    return (Value.ScalarValue) eval(expr, steps);
  }

  /** A scalar array for the steps, counted against the sample budget before it is allocated. */
  double[] scalarArray(Steps steps) {
    long count = steps.count();
    ctx.hold(count);
    return new double[(int) count];
  }

  private Value unary(Unary u, Steps steps) {
    Value value = eval(u.expr(), steps);
    if (!u.negate()) {
      return value;
    }
    return switch (value) {
      case Value.ConstantScalar c -> new Value.ConstantScalar(-c.value());
      case Value.StepScalar s -> {
        double[] negated = new double[s.values().length];
        for (int i = 0; i < negated.length; i++) {
          negated[i] = -s.values()[i];
        }
        yield new Value.StepScalar(negated);
      }
      case Value.VectorValue v -> {
        List<StepSeries> out = new ArrayList<>(v.series().size());
        for (StepSeries s : v.series()) {
          StepSeries negated = new StepSeries(s.labels, true, s.size());
          for (int i = 0; i < s.size(); i++) {
            negated.add(s.time(i), -s.value(i));
          }
          out.add(negated);
        }
        yield new Value.VectorValue(out);
      }
      default -> throw new IllegalStateException("unary minus on " + value);
    };
  }

  /**
   * Evaluates a subquery's expression on its own steps: aligned to multiples of its step, covering
   * {@code (firstRef - range, lastRef]} where ref is the outer step's time (or the {@code @} time) minus the offset.
   * The points are held until the caller releases them.
   */
  List<StepSeries> subquery(Subquery s, Steps outer) {
    long interval =
        s.stepMillis() > 0 ? s.stepMillis() : ctx.settings.defaultSubqueryStep().toMillis();
    long firstRef = Selectors.reference(s.at(), s.offsetMillis(), outer.start(), ctx);
    long lastRef = Selectors.reference(s.at(), s.offsetMillis(), outer.last(), ctx);
    long from = firstRef - s.rangeMillis();
    long start = Math.floorDiv(from, interval) * interval + interval;
    Steps inner = new Steps(start, lastRef, interval);
    if (inner.count() == 0) {
      return List.of();
    }
    return vector(s.expr(), inner).series();
  }

  /** The expression inside any parentheses (Prometheus strips them from arguments before evaluating). */
  static Expr unwrap(Expr expr) {
    Expr e = expr;
    while (e instanceof Paren p) {
      e = p.expr();
    }
    return e;
  }

  static boolean isVector(Expr e) {
    return e.type() == ValueType.VECTOR;
  }

  static Optional<Expr> none() {
    return Optional.empty();
  }
}
