package io.tracemate.promql.syntax;

/** What an expression evaluates to, named as Prometheus documents the types in its error messages. */
public enum ValueType {
  SCALAR("scalar"),
  VECTOR("instant vector"),
  MATRIX("range vector"),
  STRING("string");

  private final String documented;

  ValueType(String documented) {
    this.documented = documented;
  }

  /** {@code scalar}, {@code instant vector}, {@code range vector}, {@code string}. */
  public String documented() {
    return documented;
  }
}
