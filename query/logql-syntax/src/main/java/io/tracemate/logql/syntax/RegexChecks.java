package io.tracemate.logql.syntax;

import com.google.re2j.PatternSyntaxException;
import io.tracemate.common.regex.GoRegex;

/**
 * The parse-time regex checks Loki makes: label matchers (selectors, label filters, drop/keep) and
 * {@code label_replace} must compile as Go regexps, or the query is a parse error naming Go's reason. Line filters
 * and the {@code regexp} parser are checked when the engine compiles the pipeline, as in Loki. Stateless.
 */
final class RegexChecks {
  private RegexChecks() {}

  /** A label matcher's regex (anchored by the engine). */
  static void matcher(Cursor cursor, Token token, String regex) {
    check(cursor, token, regex, "");
  }

  /** label_replace's regex, compiled as Loki compiles it ({@code ^(?:regex)$}). */
  static void labelReplace(Cursor cursor, Token token, String regex) {
    check(cursor, token, "^(?:" + regex + ")$", "invalid regex in label_replace: ");
  }

  private static void check(Cursor cursor, Token token, String regex, String prefix) {
    try {
      GoRegex.compile(regex);
    } catch (PatternSyntaxException e) {
      if (e.getDescription().equals("expression nests too deeply")) {
        return; // the depth check after parsing refuses it naming max_query_depth
      }
      throw cursor.error(token, prefix + e.getMessage());
    }
  }
}
