package io.tracemate.logql.syntax;

/** How a label matcher compares: Prometheus semantics, regular expressions are RE2 and fully anchored. */
public enum MatchType {
  EQUAL("="),
  NOT_EQUAL("!="),
  REGEX("=~"),
  NOT_REGEX("!~");

  private final String symbol;

  MatchType(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written in LogQL. */
  public String symbol() {
    return symbol;
  }
}
