package io.tracemate.promql.syntax;

import static io.tracemate.promql.syntax.TokenType.*;

import com.google.re2j.PatternSyntaxException;
import io.tracemate.common.regex.GoRegex;
import io.tracemate.promql.syntax.Expr.VectorSelector;
import io.tracemate.querysupport.MatchType;
import java.util.ArrayList;
import java.util.List;

/**
 * Instant vector selectors: {@code name}, {@code name{matchers}}, {@code {matchers}}, with quoted UTF-8 names
 * ({@code {"my.metric", "my.label"="x"}}) and trailing commas. Regular expressions are compiled here with RE2/J, so
 * a bad one is a parse error at its matcher, as in Prometheus.
 */
final class SelectorParser {
  private final Cursor cursor;
  private final Positions positions;

  SelectorParser(Cursor cursor, Positions positions) {
    this.cursor = cursor;
    this.positions = positions;
  }

  /** The selector whose name token (a word before the braces) is {@code name}, or null when it starts at '{'. */
  VectorSelector vectorSelector(Token name) {
    int start = name != null ? name.offset() : cursor.peek().offset();
    List<LabelMatcher> matchers = new ArrayList<>();
    if (cursor.at(LEFT_BRACE)) {
      cursor.next();
      while (!cursor.accept(RIGHT_BRACE)) {
        matchers.add(matcher());
        if (!cursor.at(RIGHT_BRACE)) {
          cursor.expect(COMMA, "label matching", "\",\" or \"}\"");
        }
      }
    }
    return positions.at(new VectorSelector(name == null ? "" : name.text(), matchers), start);
  }

  private LabelMatcher matcher() {
    Token label = cursor.peek();
    if (label.type() != IDENTIFIER && label.type() != STRING) {
      throw cursor.unexpected("label matching", "identifier or \"}\"");
    }
    cursor.next();
    MatchType type =
        switch (cursor.peek().type()) {
          case EQL -> MatchType.EQUAL;
          case NEQ -> MatchType.NOT_EQUAL;
          case EQL_REGEX -> MatchType.REGEX;
          case NEQ_REGEX -> MatchType.NOT_REGEX;
          default -> null;
        };
    String name = label.type() == STRING ? label.string() : label.text();
    if (type == null) {
      if (label.type() == STRING) {
        // A lone quoted string is the metric name: {"my.metric"}.
        return LabelMatcher.equal(LabelMatcher.METRIC_NAME, name);
      }
      throw cursor.unexpected("label matching", "label matching operator");
    }
    cursor.next();
    if (!cursor.at(STRING)) {
      throw cursor.unexpected("label matching", "string");
    }
    String value = cursor.next().string();
    if (type.isRegex()) {
      checkRegex(value, label.offset());
    }
    return new LabelMatcher(name, type, value);
  }

  private void checkRegex(String regex, int offset) {
    try {
      // GoRegex: RE2/J's compile is unbounded (counted repetitions, long literals); Go's bounds.
      GoRegex.compile(regex);
      GoRegex.compile("^(?s:" + regex + ")$");
    } catch (PatternSyntaxException e) {
      throw cursor.error(
          offset, "error parsing regexp: " + e.getDescription() + ": `" + e.getPattern() + "`");
    }
  }
}
