package io.tracemate.common.regex;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tracemate.common.Cancellation;
import java.util.List;

/**
 * A regex that matches anywhere in a text (Loki's line filters, Go's {@code MatchString}), with the literal
 * pre-filter in front: a text without the literals every match needs is refused by a substring search, and a
 * pattern that is only literals ({@code foo|bar}, {@code .*foo.*}) never runs the regex at all. Immutable and
 * thread-safe.
 */
public final class UnanchoredRegex {
  private final Pattern pattern;
  private final RegexLiterals literals;

  private UnanchoredRegex(Pattern pattern, RegexLiterals literals) {
    this.pattern = pattern;
    this.literals = literals;
  }

  /** @throws PatternSyntaxException with Go's message when it does not compile or is too large */
  public static UnanchoredRegex compile(String regex) {
    Pattern pattern = GoRegex.compile(regex);
    return new UnanchoredRegex(pattern, RegexLiterals.of(regex));
  }

  /** Whether {@code text} contains a match; a long match stops with {@code cancellation}. */
  public boolean find(String text, Cancellation cancellation) {
    if (!literals.mayMatch(text)) {
      return false;
    }
    return literals.isExact() || GoRegex.find(pattern, text, cancellation);
  }

  /** Strings every matching text contains (case-sensitive), for a store to search first; may be empty. */
  public List<String> requiredSubstrings() {
    return literals.requiredSubstrings();
  }

  public Pattern pattern() {
    return pattern;
  }

  public RegexLiterals literals() {
    return literals;
  }

  @Override
  public String toString() {
    return pattern.pattern();
  }
}
