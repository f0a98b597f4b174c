package io.tracemate.common.regex;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tracemate.common.Cancellation;
import java.util.Set;

/**
 * A regex that must match the whole value, with {@code .} matching newlines too: Prometheus' and Loki's label
 * matchers ({@code =~} is {@code ^(?s:regex)$}). As Prometheus does, the common shapes skip the regex: a finite
 * set of values ({@code a|b|c}, Grafana's multi-value variables) is a set lookup, {@code .*} matches everything and
 * {@code .+} every non-empty value. Immutable and thread-safe.
 */
public final class AnchoredRegex {
  private enum Shortcut {
    NONE,
    VALUES,
    ANYTHING,
    NON_EMPTY
  }

  private final Pattern pattern;
  private final Shortcut shortcut;
  private final Set<String> values;

  private AnchoredRegex(Pattern pattern, Shortcut shortcut, Set<String> values) {
    this.pattern = pattern;
    this.shortcut = shortcut;
    this.values = values;
  }

  /** @throws PatternSyntaxException with Go's message when it does not compile or is too large */
  public static AnchoredRegex compile(String regex) {
    Pattern pattern = GoRegex.compile(regex, Pattern.DOTALL);
    RegexTree.Parsed parsed = RegexTree.parse(regex);
    Set<String> values = RegexLiterals.fullMatchSet(regex);
    if (values != null) {
      return new AnchoredRegex(pattern, Shortcut.VALUES, Set.copyOf(values));
    }
    if (!parsed.flagsMentionDotAll()) {
      RegexTree.Node root = parsed.root();
      while (root instanceof RegexTree.Group group) {
        root = group.sub();
      }
      if (root instanceof RegexTree.Repeat repeat
          && repeat.max() == -1
          && repeat.min() <= 1
          && repeat.sub() instanceof RegexTree.CharSet set
          && set.dot()) {
        return new AnchoredRegex(
            pattern, repeat.min() == 0 ? Shortcut.ANYTHING : Shortcut.NON_EMPTY, Set.of());
      }
    }
    return new AnchoredRegex(pattern, Shortcut.NONE, Set.of());
  }

  /** Whether the whole of {@code value} matches; a long match stops with {@code cancellation}. */
  public boolean matches(String value, Cancellation cancellation) {
    return switch (shortcut) {
      case VALUES -> values.contains(value);
      case ANYTHING -> true;
      case NON_EMPTY -> !value.isEmpty();
      case NONE -> GoRegex.matchesWhole(pattern, value, cancellation);
    };
  }

  /** Whether the whole of {@code value} matches (a label value: short, so no cancellation is needed). */
  public boolean matches(String value) {
    return shortcut == Shortcut.NONE ? pattern.matches(value) : matches(value, Cancellation.none());
  }

  public Pattern pattern() {
    return pattern;
  }

  @Override
  public String toString() {
    return pattern.pattern();
  }
}
