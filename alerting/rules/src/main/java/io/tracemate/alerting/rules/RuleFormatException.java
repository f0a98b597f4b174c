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
  private final List<Problem> problems;

  /** Errors without a position in a document (a read-only namespace, too many groups). */
  public RuleFormatException(List<String> errors) {
    this(errors, errors.stream().map(e -> new Problem(0, 0, e)).toList());
  }

  RuleFormatException(List<String> errors, List<Problem> problems) {
    super(String.join("; ", errors));
    this.errors = List.copyOf(errors);
    this.problems = List.copyOf(problems);
  }

  /** Every error, in document order. */
  public List<String> errors() {
    return errors;
  }

  /** The same errors with their position apart, so that an editor can show each at its line. */
  public List<Problem> problems() {
    return problems;
  }

  /**
   * One error.
   *
   * @param line 1-based line of the document; 0 when the error has no place in it
   * @param column 1-based column; 0 when unknown
   * @param message what is wrong, with the group and rule it is in, without the source and position
   */
  public record Problem(int line, int column, String message) {}
}
