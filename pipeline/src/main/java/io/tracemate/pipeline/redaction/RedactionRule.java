package io.tracemate.pipeline.redaction;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named regex with its replacement (a {@link Matcher#replaceAll} template: $1 and ${name} refer to groups)
 * and an optional validator: a match the validator rejects (a failed checksum) is left as it is. The optional
 * {@code mayMatch} is a cheap necessary condition checked before the regex runs.
 */
record RedactionRule(
    String name, Pattern pattern, String replacement, Predicate<String> validator, Predicate<String> mayMatch) {

  /** The redacted text, or null when nothing was redacted. */
  String apply(String text) {
    if (mayMatch != null && !mayMatch.test(text)) {
      return null;
    }
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      return null;
    }
    boolean[] redacted = {false};
    String out = m.replaceAll(match -> {
      if (validator == null || validator.test(match.group())) {
        redacted[0] = true;
        return replacement;
      }
      return Matcher.quoteReplacement(match.group());
    });
    return redacted[0] ? out : null;
  }
}
