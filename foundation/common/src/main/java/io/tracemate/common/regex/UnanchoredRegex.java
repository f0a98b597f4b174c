package io.tracemate.common.regex;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tracemate.common.Cancellation;
import java.util.List;

/**
 * A regex that matches anywhere in a text (Loki's line filters, Go's {@code MatchString}), with the literal
 * pre-filter in front: a text without the literals every match needs is refused by a substring search, and a
 * pattern that is only literals ({@code foo|bar}, {@code .*foo.*}) never runs the regex at all. When a literal
 * pins the match to a window of bounded size ({@code [0-9]{4}\.[0-9]{3}ms}), the regex runs only on the windows
 * around its occurrences ({@link WindowedFind}). Immutable and thread-safe.
 */
public final class UnanchoredRegex {
  private final Pattern pattern;
  private final RegexLiterals literals;

  /** Null when no literal bounds where a match lies. */
  private final WindowedFind windowed;

  private UnanchoredRegex(Pattern pattern, RegexLiterals literals, WindowedFind windowed) {
    this.pattern = pattern;
    this.literals = literals;
    this.windowed = windowed;
  }

  /** @throws PatternSyntaxException with Go's message when it does not compile or is too large */
  public static UnanchoredRegex compile(String regex) {
    Pattern pattern = GoRegex.compile(regex);
    RegexLiterals literals = RegexLiterals.of(regex);
    WindowedFind windowed =
        literals.isExact() ? null : WindowedFind.of(regex, RegexTree.parse(regex).root(), pattern);
    return new UnanchoredRegex(pattern, literals, windowed);
  }

  /** Whether {@code text} contains a match; a long match stops with {@code cancellation}. */
  public boolean find(String text, Cancellation cancellation) {
    if (!literals.mayMatch(text)) {
      return false;
    }
    if (literals.isExact()) {
      return true;
    }
    return windowed != null
        ? windowed.find(text, cancellation)
        : GoRegex.find(pattern, text, cancellation);
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

  /** The windowed search, or null when the regex runs on whole texts. */
  WindowedFind windowed() {
    return windowed;
  }

  @Override
  public String toString() {
    return pattern.pattern();
  }
}
