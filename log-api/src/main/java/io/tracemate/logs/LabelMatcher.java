package io.tracemate.logs;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A stream selector term: {@code name = "v"}, {@code !=}, {@code =~} (fully anchored regex, as Prometheus and
 * Loki match), {@code !~}. An absent label has the value "" for matching, so {@code foo=""} selects streams
 * without {@code foo}.
 */
public record LabelMatcher(String name, Type type, String value, Pattern pattern) {
  public enum Type {
    EQ("="), NEQ("!="), RE("=~"), NRE("!~");

    private final String symbol;

    Type(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  public LabelMatcher {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }

  /** @throws IllegalArgumentException when a regex does not compile, naming the label and the regex */
  public static LabelMatcher of(String name, Type type, String value) {
    Pattern pattern = null;
    if (type == Type.RE || type == Type.NRE) {
      try {
        pattern = Pattern.compile(value, Pattern.DOTALL);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("invalid regex for label " + name + ": " + e.getDescription()
            + " in \"" + value + "\"", e);
      }
    }
    return new LabelMatcher(name, type, value, pattern);
  }

  public static LabelMatcher equal(String name, String value) {
    return of(name, Type.EQ, value);
  }

  /** @param actual the label's value, or null when the label is absent */
  public boolean matches(String actual) {
    String v = actual == null ? "" : actual;
    return switch (type) {
      case EQ -> v.equals(value);
      case NEQ -> !v.equals(value);
      case RE -> pattern.matcher(v).matches();
      case NRE -> !pattern.matcher(v).matches();
    };
  }

  public boolean matches(LabelSet labels) {
    return matches(labels.get(name));
  }

  /** True when the matcher can only select streams that carry the label with a non-empty value. */
  public boolean requiresLabel() {
    return !matches((String) null);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(name).append(type.symbol());
    LabelSet.appendQuoted(out, value);
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMatcher m && m.name.equals(name) && m.type == type && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, value);
  }
}
