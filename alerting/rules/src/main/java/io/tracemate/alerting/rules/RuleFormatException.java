package io.tracemate.alerting.rules;

import java.util.List;

/**
 * Rules that do not load: each error names where it is (file or namespace, line and column, group, rule index and
 * name) and what is wrong, as Prometheus' {@code rulefmt} words it. The ruler APIs answer it with 400; a rule file
 * that does not load is logged and its last good version kept.
 */
public final class RuleFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Most errors reported for one document: the first few are what someone fixes next. */
  static final int MAX_ERRORS = 10;

  private final List<String> errors;

  public RuleFormatException(List<String> errors) {
    super(String.join("; ", errors));
    this.errors = List.copyOf(errors);
  }

  /** Every error, in document order. */
  public List<String> errors() {
    return errors;
  }
}
