package io.tracemate.pipeline.redaction;

import com.google.re2j.Pattern;
import io.tracemate.common.Cancellation;
import io.tracemate.common.regex.GoRegex;
import java.util.function.Predicate;
import java.util.regex.Matcher;

/**
 * A named rule that masks what its regex matches in a string value. Immutable and thread-safe.
 */
sealed interface RedactionRule {
  /** Names the rule's counter. */
  String name();

  /** The redacted text, or null when nothing was redacted. */
  String apply(String text);

  /**
   * A shipped pattern, on java.util.regex because it needs lookarounds RE2 lacks (a card number must not start or
   * end inside a longer run of digits); its patterns are fixed and reviewed, with no nested unbounded repetition,
   * so no value makes them backtrack. The optional {@code validator} leaves matches it rejects (a failed checksum)
   * as they are; the optional {@code mayMatch} is a cheap necessary condition checked before the regex runs.
   *
   * @param replacement a {@link Matcher#replaceAll} template ($1 refers to a group)
   */
  record Shipped(
      String name,
      java.util.regex.Pattern pattern,
      String replacement,
      Predicate<String> validator,
      Predicate<String> mayMatch)
      implements RedactionRule {
    @Override
    public String apply(String text) {
      if (mayMatch != null && !mayMatch.test(text)) {
        return null;
      }
      Matcher m = pattern.matcher(text);
      if (!m.find()) {
        return null;
      }
      boolean[] redacted = {false};
      String out =
          m.replaceAll(
              match -> {
                if (validator == null || validator.test(match.group())) {
                  redacted[0] = true;
                  return replacement;
                }
                return Matcher.quoteReplacement(match.group());
              });
      return redacted[0] ? out : null;
    }
  }

  /**
   * A configured pattern (custom_patterns, blocked_values): Go's regexp, as the Collector's redaction processor
   * runs it, every match replaced.
   *
   * @param replacement Go's template ({@code $1}, {@code ${name}}), or the text itself when {@code literal}
   */
  record Configured(String name, Pattern pattern, String replacement, boolean literal)
      implements RedactionRule {
    @Override
    public String apply(String text) {
      if (!pattern.matcher(text).find()) {
        return null;
      }
      return GoRegex.replaceAll(
          pattern, text, replacement, literal, Cancellation.none(), length -> {});
    }
  }
}
