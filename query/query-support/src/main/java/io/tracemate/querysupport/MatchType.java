package io.tracemate.querysupport;

/**
 * The four label matcher operators of LogQL and PromQL, with Prometheus' semantics: regular expressions are RE2 and
 * fully anchored.
 */
public enum MatchType {
  EQUAL("="),
  NOT_EQUAL("!="),
  REGEX("=~"),
  NOT_REGEX("!~");

  private final String symbol;

  MatchType(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written in a query. */
  public String symbol() {
    return symbol;
  }

  /** Whether the operator matches by regular expression. */
  public boolean isRegex() {
    return this == REGEX || this == NOT_REGEX;
  }
}
