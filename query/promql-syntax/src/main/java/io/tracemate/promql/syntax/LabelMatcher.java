package io.tracemate.promql.syntax;

import io.tracemate.querysupport.MatchType;
import java.util.Objects;

/**
 * One label matcher of a selector, e.g. {@code job=~"api|web"}. Regular expressions are RE2 (Go's syntax) and
 * fully anchored; a label that is absent matches as the empty string, as in Prometheus. The record holds text only
 * (the parser has checked that a regex compiles); evaluators compile it.
 *
 * @param name  label name ({@code __name__} for the metric name)
 * @param type  the operator
 * @param value the value or regular expression, unquoted
 */
public record LabelMatcher(String name, MatchType type, String value) {
  /** The label that holds a series' metric name. */
  public static final String METRIC_NAME = "__name__";

  public LabelMatcher {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }

  /** {@code name="value"}. */
  public static LabelMatcher equal(String name, String value) {
    return new LabelMatcher(name, MatchType.EQUAL, value);
  }

  /** Prometheus' spelling: {@code job=~"api|web"}, the name quoted when it is not a plain identifier. */
  @Override
  public String toString() {
    return Printer.labelName(name) + type.symbol() + GoStrings.goQuote(value);
  }
}
