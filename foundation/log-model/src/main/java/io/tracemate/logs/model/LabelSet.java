package io.tracemate.logs.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An immutable set of labels sorted by name, each name at most once: a stream's identity, or an entry's
 * structured metadata. Equal label sets identify the same stream, whatever order the client sent them in.
 *
 * @param labels sorted by name, names unique
 */
public record LabelSet(List<Label> labels) {
  public static final LabelSet EMPTY = new LabelSet(List.of());

  /** @throws IllegalArgumentException when a name repeats (the message names it) */
  public LabelSet {
    List<Label> sorted = new ArrayList<>(labels);
    Collections.sort(sorted);
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
        throw new IllegalArgumentException("duplicate label name '" + sorted.get(i).name() + "'");
      }
    }
    labels = List.copyOf(sorted);
  }

  public static LabelSet of(Map<String, String> labels) {
    List<Label> list = new ArrayList<>(labels.size());
    labels.forEach((name, value) -> list.add(new Label(name, value)));
    return new LabelSet(list);
  }

  /** {@code of("app", "checkout", "env", "prod")}. */
  public static LabelSet of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must pair up");
    }
    List<Label> list = new ArrayList<>(namesAndValues.length / 2);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      list.add(new Label(namesAndValues[i], namesAndValues[i + 1]));
    }
    return new LabelSet(list);
  }

  /** The value, or null when the label is absent. */
  public String get(String name) {
    for (Label label : labels) {
      int order = label.name().compareTo(name);
      if (order == 0) {
        return label.value();
      }
      if (order > 0) {
        return null;
      }
    }
    return null;
  }

  public boolean isEmpty() {
    return labels.isEmpty();
  }

  public int size() {
    return labels.size();
  }

  public List<String> names() {
    return labels.stream().map(Label::name).toList();
  }

  /** A copy with {@code name} set to {@code value} (added or replaced). */
  public LabelSet with(String name, String value) {
    List<Label> list = new ArrayList<>(labels.size() + 1);
    for (Label label : labels) {
      if (!label.name().equals(name)) {
        list.add(label);
      }
    }
    list.add(new Label(name, value));
    return new LabelSet(list);
  }

  /** A copy without {@code name}. */
  public LabelSet without(String name) {
    return new LabelSet(labels.stream().filter(l -> !l.name().equals(name)).toList());
  }

  public Map<String, String> toMap() {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    labels.forEach(l -> map.put(l.name(), l.value()));
    return map;
  }

  /** Loki's form: {@code {app="checkout", env="prod"}}, values quoted with Go string escapes. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(labels.get(i).name()).append('=');
      appendQuoted(out, labels.get(i).value());
    }
    return out.append('}').toString();
  }

  /** Appends {@code value} in double quotes with Go string escapes, as label values are written in selectors. */
  public static void appendQuoted(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    out.append('"');
  }
}
