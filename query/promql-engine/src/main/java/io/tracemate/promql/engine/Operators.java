package io.tracemate.promql.engine;

import io.tracemate.promql.syntax.BinaryOp;

/** Arithmetic and comparison on two floats, with Go's {@code math} semantics where Java's differ. Stateless. */
final class Operators {
  private Operators() {}

  static double arithmetic(BinaryOp op, double l, double r) {
    return switch (op) {
      case ADD -> l + r;
      case SUB -> l - r;
      case MUL -> l * r;
      case DIV -> l / r;
      case MOD -> l % r;
      case POW -> pow(l, r);
      case ATAN2 -> Math.atan2(l, r);
      default -> throw new IllegalArgumentException(op + " is not arithmetic");
    };
  }

  static boolean compare(BinaryOp op, double l, double r) {
    return switch (op) {
      case EQUAL -> l == r;
      case NOT_EQUAL -> l != r;
      case GREATER -> l > r;
      case LESS -> l < r;
      case GREATER_OR_EQUAL -> l >= r;
      case LESS_OR_EQUAL -> l <= r;
      default -> throw new IllegalArgumentException(op + " is not a comparison");
    };
  }

  /** Go's math.Pow: 1 for x == 1 or y == 0, and for x == -1 with an infinite exponent (Java answers NaN). */
  static double pow(double x, double y) {
    if (y == 0 || x == 1) {
      return 1;
    }
    if (x == -1 && Double.isInfinite(y)) {
      return 1;
    }
    return Math.pow(x, y);
  }
}
