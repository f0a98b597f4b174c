package io.tracemate.logql.syntax;

/** Comparison of a numeric, duration or bytes label filter; {@code =} and {@code ==} both mean {@link #EQUAL}. */
public enum ComparisonOp {
  EQUAL("=="),
  NOT_EQUAL("!="),
  GREATER(">"),
  GREATER_OR_EQUAL(">="),
  LESS("<"),
  LESS_OR_EQUAL("<=");

  private final String symbol;

  ComparisonOp(String symbol) {
    this.symbol = symbol;
  }

  /** The canonical operator text. */
  public String symbol() {
    return symbol;
  }
}
