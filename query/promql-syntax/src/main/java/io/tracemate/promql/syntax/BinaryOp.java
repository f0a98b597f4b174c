package io.tracemate.promql.syntax;

/**
 * Binary operators with Prometheus' precedence, lowest first: {@code or} &lt; {@code and unless} &lt; comparisons
 * &lt; {@code + -} &lt; {@code * / % atan2} &lt; {@code ^}. All are left-associative except {@code ^}.
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

  /** Unary minus and plus bind like {@code *}: {@code -a * b} is {@code (-a) * b}, {@code -a ^ b} is {@code -(a ^ b)}. */
  static final int UNARY_PRECEDENCE = 5;

  private final String symbol;
  private final int precedence;

  BinaryOp(String symbol, int precedence) {
    this.symbol = symbol;
    this.precedence = precedence;
  }

  public String symbol() {
    return symbol;
  }

  /** Higher binds tighter. */
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

  /** {@code and or unless}. */
  public boolean isSetOperator() {
    return precedence <= 2;
  }

  /** Arithmetic changes what a value means, so the result has no metric name. */
  public boolean isArithmetic() {
    return precedence >= 4;
  }
}
