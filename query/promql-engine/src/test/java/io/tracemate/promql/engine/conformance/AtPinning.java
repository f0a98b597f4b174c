package io.tracemate.promql.engine.conformance;

import io.tracemate.promql.syntax.AtModifier;
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
import io.tracemate.promql.syntax.Function;
import java.util.Optional;
import java.util.Set;

/**
 * promqltest's step-invariance check: every selector and subquery without an {@code @} gets {@code @ <eval time>}
 * (selectors inside a subquery are left alone), after which evaluating at any other time must give the same
 * result. Skipped for expressions with functions whose result depends on the evaluation time.
 */
final class AtPinning {
  private static final Set<Function> UNSAFE =
      Set.of(
          Function.DAYS_IN_MONTH,
          Function.DAY_OF_MONTH,
          Function.DAY_OF_WEEK,
          Function.DAY_OF_YEAR,
          Function.END,
          Function.HOUR,
          Function.MINUTE,
          Function.MONTH,
          Function.YEAR,
          Function.PREDICT_LINEAR,
          Function.RANGE,
          Function.START,
          Function.STEP,
          Function.TIME,
          Function.TIMESTAMP);

  private AtPinning() {}

  /** The expression pinned at {@code millis}, or empty when it has a time-dependent function. */
  static Optional<Expr> pin(Expr expr, long millis) {
    if (hasUnsafe(expr)) {
      return Optional.empty();
    }
    return Optional.of(rewrite(expr, millis));
  }

  private static boolean hasUnsafe(Expr e) {
    return switch (e) {
      case Call c ->
          UNSAFE.contains(c.function()) || c.args().stream().anyMatch(AtPinning::hasUnsafe);
      case Aggregation a ->
          hasUnsafe(a.expr()) || a.param().map(AtPinning::hasUnsafe).orElse(false);
      case Binary b -> hasUnsafe(b.lhs()) || hasUnsafe(b.rhs());
      case Unary u -> hasUnsafe(u.expr());
      case Paren p -> hasUnsafe(p.expr());
      case Subquery s -> hasUnsafe(s.expr());
      case MatrixSelector m -> false;
      case VectorSelector v -> false;
      case NumberLiteral n -> false;
      case StringLiteral s -> false;
    };
  }

  private static Expr rewrite(Expr e, long millis) {
    Optional<AtModifier> at = Optional.of(AtModifier.at(millis));
    return switch (e) {
      case VectorSelector v ->
          v.at().isPresent() ? v : new VectorSelector(v.name(), v.matchers(), v.offsetMillis(), at);
      case MatrixSelector m ->
          new MatrixSelector((VectorSelector) rewrite(m.selector(), millis), m.rangeMillis());
      case Subquery s ->
          s.at().isPresent()
              ? s
              : new Subquery(s.expr(), s.rangeMillis(), s.stepMillis(), s.offsetMillis(), at);
      case Call c ->
          new Call(c.function(), c.args().stream().map(a -> rewrite(a, millis)).toList());
      case Aggregation a ->
          new Aggregation(
              a.op(),
              rewrite(a.expr(), millis),
              a.param().map(p -> rewrite(p, millis)),
              a.grouping(),
              a.without());
      case Binary b ->
          new Binary(
              b.op(),
              rewrite(b.lhs(), millis),
              rewrite(b.rhs(), millis),
              b.matching(),
              b.returnBool());
      case Unary u -> new Unary(u.negate(), rewrite(u.expr(), millis));
      case Paren p -> new Paren(rewrite(p.expr(), millis));
      case NumberLiteral n -> n;
      case StringLiteral s -> s;
    };
  }
}
