package io.tracemate.logql.syntax;

import io.tracemate.querysupport.MatchType;
import java.util.Objects;

/**
 * {@code name op "value"}: used in stream selectors, string label filters and drop/keep.
 *
 * @param name  label name
 * @param type  comparison
 * @param value literal value or regular expression (unquoted)
 */
public record LabelMatcher(String name, MatchType type, String value) implements NamedLabel {

  public LabelMatcher {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
