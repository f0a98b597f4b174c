package io.tracemate.querysupport;

/**
 * The binary operators of PromQL and LogQL, with Prometheus' precedence (higher binds tighter): {@code or} 1;
 * {@code and unless} 2; comparisons 3; {@code + -} 4; {@code * / % atan2} 5; {@code ^} 6. All are
 * left-associative except {@code ^}. Loki took the table from Prometheus without {@code atan2}: LogQL's lexer has no
 * such keyword, so a LogQL tree never holds {@link #ATAN2}.
 *
 * <p>{@link #arithmetic} and {@link #compare} are the operators' meaning on two floats, with Go's {@code math}
 * semantics where Java's differ, since both Prometheus and Loki evaluate in Go.
 */
public enum BinaryOp {
  OR("or", 1),
  AND("and", 2),
  UNLESS("unless", 2),
  EQUAL("==", 3),
  NOT_EQUAL("!=", 3),
  GREATER(">", 3),
  LESS("<", 3),
  GREATER_OR_EQUAL(">=", 3),
  LESS_OR_EQUAL("<=", 3),
  ADD("+", 4),
  SUB("-", 4),
  MUL("*", 5),
  DIV("/", 5),
  MOD("%", 5),
  ATAN2("atan2", 5),
  POW("^", 6);

  private final String symbol;
  private final int precedence;

  BinaryOp(String symbol, int precedence) {
    this.symbol = symbol;
    this.precedence = precedence;
  }

  /** The operator as written in a query. */
  public String symbol() {
    return symbol;
  }

  /** Binding strength, 1 ({@code or}) to 6 ({@code ^}). */
  public int precedence() {
    return precedence;
  }

  public boolean rightAssociative() {
    return this == POW;
  }

  /** {@code == != > < >= <=}: filters, or with {@code bool} yields 0 or 1. */
  public boolean isComparison() {
    return precedence == 3;
  }

  /** {@code and or unless}: vector-to-vector only. */
  public boolean isSetOperator() {
    return precedence <= 2;
  }

  /** {@code + - * / % atan2 ^}: changes what a value means (Prometheus drops the metric name of the result). */
  public boolean isArithmetic() {
    return precedence >= 4;
  }

  /**
   * {@code l op r} between two scalars, as Prometheus' {@code scalarBinop}: the result of an arithmetic operator, 1
   * or 0 for a comparison that holds or not.
   *
   * @throws IllegalArgumentException for a set operator
   */
  public double apply(double l, double r) {
    return isComparison() ? (compare(l, r) ? 1 : 0) : arithmetic(l, r);
  }

  /**
   * {@code l op r} for an arithmetic operator.
   *
   * @throws IllegalArgumentException for a comparison or set operator
   */
  public double arithmetic(double l, double r) {
    return switch (this) {
      case ADD -> l + r;
      case SUB -> l - r;
      case MUL -> l * r;
      case DIV -> l / r;
      case MOD -> l % r;
      case POW -> pow(l, r);
      case ATAN2 -> Math.atan2(l, r);
      default -> throw new IllegalArgumentException(this + " is not arithmetic");
    };
  }

  /**
   * Whether {@code l op r} holds, for a comparison operator (NaN compares unequal to everything, as in Go).
   *
   * @throws IllegalArgumentException for an arithmetic or set operator
   */
  public boolean compare(double l, double r) {
    return switch (this) {
      case EQUAL -> l == r;
      case NOT_EQUAL -> l != r;
      case GREATER -> l > r;
      case LESS -> l < r;
      case GREATER_OR_EQUAL -> l >= r;
      case LESS_OR_EQUAL -> l <= r;
      default -> throw new IllegalArgumentException(this + " is not a comparison");
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
