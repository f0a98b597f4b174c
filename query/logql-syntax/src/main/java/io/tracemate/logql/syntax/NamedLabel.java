package io.tracemate.logql.syntax;

import java.util.Objects;

/** An entry of {@code | drop} / {@code | keep}: a bare label name or a label matcher. */
public sealed interface NamedLabel permits LabelMatcher, NamedLabel.LabelName {

  /** The label this entry is about. */
  String name();

  /** A bare label name, e.g. {@code pod} in {@code | drop pod}. */
  record LabelName(String name) implements NamedLabel {
    public LabelName {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
