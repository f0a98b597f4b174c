package io.tracemate.alerting.rules;

import io.tracemate.logql.syntax.LogQL;
import io.tracemate.logql.syntax.SampleExpr;
import io.tracemate.promql.syntax.Expr;
import io.tracemate.promql.syntax.PromQL;
import io.tracemate.promql.syntax.ValueType;
import io.tracemate.querysupport.ParseLimits;

/**
 * The side of an alerting condition that is being watched: in {@code x > 0.05} or {@code x > y} (a comparison
 * without {@code bool} at the top of the expression) it is {@code x}, the series a person wants to see the whole of,
 * where the rule's own result keeps only the points at which the condition holds. Stateless.
 *
 * @param expr the watched side, printed in the rule's language
 * @param threshold the number it is compared with, or null when the other side is not a number
 */
record ComparedSide(String expr, Double threshold) {

  /** The watched side of {@code expr}, or null when the expression is not such a comparison. */
  static ComparedSide of(
      RuleLanguage language, String expr, ParseLimits promqlLimits, ParseLimits logqlLimits) {
    return language == RuleLanguage.PROMQL
        ? promql(PromQL.parse(expr, promqlLimits))
        : logql(LogQL.parse(expr, logqlLimits));
  }

  private static ComparedSide promql(Expr expr) {
    if (!(unwrap(expr) instanceof Expr.Binary binary)
        || !binary.op().isComparison()
        || binary.returnBool()) {
      return null;
    }
    if (binary.lhs().type() == ValueType.VECTOR) {
      return new ComparedSide(unwrap(binary.lhs()).toString(), number(binary.rhs()));
    }
    if (binary.rhs().type() == ValueType.VECTOR) {
      return new ComparedSide(unwrap(binary.rhs()).toString(), number(binary.lhs()));
    }
    return null;
  }

  private static Expr unwrap(Expr expr) {
    while (expr instanceof Expr.Paren paren) {
      expr = paren.expr();
    }
    return expr;
  }

  private static Double number(Expr expr) {
    Expr side = unwrap(expr);
    if (side instanceof Expr.NumberLiteral number) {
      return number.value();
    }
    if (side instanceof Expr.Unary unary && unwrap(unary.expr()) instanceof Expr.NumberLiteral n) {
      return unary.negate() ? -n.value() : n.value();
    }
    return null;
  }

  private static ComparedSide logql(io.tracemate.logql.syntax.Expr expr) {
    if (!(expr instanceof SampleExpr.BinaryOperation binary)
        || !binary.op().isComparison()
        || binary.modifier().returnBool()) {
      return null;
    }
    if (!(binary.left() instanceof SampleExpr.Literal)) {
      return new ComparedSide(
          binary.left().toString(),
          binary.right() instanceof SampleExpr.Literal literal ? literal.value() : null);
    }
    if (!(binary.right() instanceof SampleExpr.Literal)) {
      return new ComparedSide(
          binary.right().toString(), ((SampleExpr.Literal) binary.left()).value());
    }
    return null;
  }
}
