package io.tracemate.logql.syntax;

/**
 * Binary operators with Loki's precedence (higher binds tighter): {@code or} 1; {@code and unless} 2;
 * comparisons 3; {@code + -} 4; {@code * / %} 5; {@code ^} 6. All are left-associative except {@code ^}.
 */
public enum BinaryOp {
  OR("or", 1),
  AND("and", 2),
  UNLESS("unless", 2),
  EQUAL("==", 3),
  NOT_EQUAL("!=", 3),
  GREATER(">", 3),
  GREATER_OR_EQUAL(">=", 3),
  LESS("<", 3),
  LESS_OR_EQUAL("<=", 3),
  ADD("+", 4),
  SUB("-", 4),
  MUL("*", 5),
  DIV("/", 5),
  MOD("%", 5),
  POW("^", 6);

  private final String symbol;
  private final int precedence;

  BinaryOp(String symbol, int precedence) {
    this.symbol = symbol;
    this.precedence = precedence;
  }

  public String symbol() {
    return symbol;
  }

  /** Binding strength, 1 (or) to 6 (^). */
  public int precedence() {
    return precedence;
  }

  public boolean rightAssociative() {
    return this == POW;
  }

  /** {@code == != > >= < <=}: filter, or return 0/1 with {@code bool}. */
  public boolean isComparison() {
    return precedence == 3;
  }

  /** {@code and or unless}: vector-to-vector only. */
  public boolean isSetOperator() {
    return precedence <= 2;
  }
}
