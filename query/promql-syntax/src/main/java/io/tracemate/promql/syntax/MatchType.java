package io.tracemate.promql.syntax;

/** The four label matcher operators. */
public enum MatchType {
  EQUAL("="),
  NOT_EQUAL("!="),
  REGEX("=~"),
  NOT_REGEX("!~");

  private final String symbol;

  MatchType(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  /** Whether the operator matches by regular expression. */
  public boolean isRegex() {
    return this == REGEX || this == NOT_REGEX;
  }
}
