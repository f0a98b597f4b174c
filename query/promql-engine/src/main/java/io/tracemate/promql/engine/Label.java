package io.tracemate.promql.engine;

import java.util.Objects;

/** One label: a name and its (non-empty) value. */
public record Label(String name, String value) {
  public Label {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
