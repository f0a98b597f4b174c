package io.tracemate.logs;

import com.google.re2j.PatternSyntaxException;
import io.tracemate.common.regex.AnchoredRegex;
import io.tracemate.logs.model.LabelSet;
import java.util.Objects;

/**
 * A stream selector term: {@code name = "v"}, {@code !=}, {@code =~} (a fully anchored RE2 regex in which
 * {@code .} also matches newlines, as Prometheus and Loki match), {@code !~}. An absent label has the value "" for
 * matching, so {@code foo=""} selects streams without {@code foo}.
 *
 * @param regex the compiled regex of {@code =~} and {@code !~}, else null
 */
public record LabelMatcher(String name, Type type, String value, AnchoredRegex regex) {
  public enum Type {
    EQ("="),
    NEQ("!="),
    RE("=~"),
    NRE("!~");

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

  /**
   * @throws IllegalArgumentException when a regex does not compile, with Go's message ({@code error parsing regexp:
   *     missing closing ): `(a`}), as Loki answers
   */
  public static LabelMatcher of(String name, Type type, String value) {
    AnchoredRegex regex = null;
    if (type == Type.RE || type == Type.NRE) {
      try {
        regex = AnchoredRegex.compile(value);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    return new LabelMatcher(name, type, value, regex);
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
      case RE -> regex.matches(v);
      case NRE -> !regex.matches(v);
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
    return o instanceof LabelMatcher m
        && m.name.equals(name)
        && m.type == type
        && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, value);
  }
}
