package io.tracemate.logs.model;

import java.util.Objects;

/** One name/value pair of a stream's labels or of an entry's structured metadata. */
public record Label(String name, String value) implements Comparable<Label> {
  public Label {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public int compareTo(Label other) {
    int byName = name.compareTo(other.name);
    return byName != 0 ? byName : value.compareTo(other.value);
  }
}
