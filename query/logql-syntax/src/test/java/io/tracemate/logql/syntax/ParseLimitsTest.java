package io.tracemate.logql.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tracemate.querysupport.ParseLimits;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * Hostile queries (issue 9): each is refused with a parse error naming the limit, never a stack overflow, and
 * queries at the limit still parse.
 */
class ParseLimitsTest {
  private static final ParseLimits ROOMY = new ParseLimits(16 << 20, 128);

  private static String repeat(String text, int times) {
    return String.join("", Collections.nCopies(times, text));
  }

  private static LogQLParseException refused(String query, ParseLimits limits, String limit) {
    LogQLParseException e =
        catchThrowableOfType(LogQLParseException.class, () -> LogQL.parse(query, limits));
    assertThat(e)
        .as("refused: %s...", query.substring(0, Math.min(60, query.length())))
        .isNotNull();
    assertThat(e.limit()).contains(limit);
    assertThat(e.getMessage())
        .startsWith("parse error at line 1, col ")
        .contains("(" + limit + ")");
    return e;
  }

  @Test
  void tenThousandNestedParentheses() {
    String query = repeat("(", 10_000) + "count_over_time({a=\"b\"}[1m])" + repeat(")", 10_000);
    LogQLParseException e = refused(query, ParseLimits.DEFAULTS, ParseLimits.MAX_QUERY_DEPTH);
    assertThat(e.getMessage()).contains("more than 128 levels");
    assertThat(e.column()).isEqualTo(129); // where the parser stood when the level went over
  }

  @Test
  void tenThousandNestedSums() {
    String query = repeat("sum(", 10_000) + "count_over_time({a=\"b\"}[1m])" + repeat(")", 10_000);
    refused(query, ParseLimits.DEFAULTS, ParseLimits.MAX_QUERY_DEPTH);
  }

  @Test
  void aHundredThousandTermsAreTooLongByDefault() {
    String query = "1" + repeat("+1", 99_999);
    LogQLParseException e = refused(query, ParseLimits.DEFAULTS, ParseLimits.MAX_QUERY_SIZE);
    assertThat(e.getMessage()).contains("199999 bytes, limit: 131072 bytes");
  }

  @Test
  void aHundredThousandTermsAreTooDeepWhenLongQueriesAreAllowed() {
    refused("1" + repeat("+1", 99_999), ROOMY, ParseLimits.MAX_QUERY_DEPTH);
  }

  @Test
  void twoThousandRangeAggregationsJoinedByPlus() {
    String term = "count_over_time({app=\"x\"}[1m])";
    String query = term + repeat("+" + term, 1_999);
    assertThat(query.length()).isLessThan(ParseLimits.DEFAULTS.maxBytes());
    refused(query, ParseLimits.DEFAULTS, ParseLimits.MAX_QUERY_DEPTH);
  }

  @Test
  void rightAssociativePowerChains() {
    refused("2" + repeat("^2", 10_000), ParseLimits.DEFAULTS, ParseLimits.MAX_QUERY_DEPTH);
  }

  @Test
  void labelFilterChainsAndNesting() {
    refused(
        "{a=\"b\"} | x=\"1\"" + repeat(" and x=\"1\"", 10_000),
        ParseLimits.DEFAULTS,
        ParseLimits.MAX_QUERY_DEPTH);
    refused(
        "{a=\"b\"} | " + repeat("(", 10_000) + "x=\"1\"" + repeat(")", 10_000),
        ParseLimits.DEFAULTS,
        ParseLimits.MAX_QUERY_DEPTH);
  }

  @Test
  void parenthesesAroundRangeArguments() {
    refused(
        "count_over_time(" + repeat("(", 10_000) + "{a=\"b\"}" + repeat(")", 10_000) + "[1m])",
        ParseLimits.DEFAULTS,
        ParseLimits.MAX_QUERY_DEPTH);
  }

  @Test
  void regexGroupsCountAsLevels() {
    String deep = repeat("(", 10_000) + "a" + repeat(")", 10_000);
    refused("{a=~\"" + deep + "\"}", ParseLimits.DEFAULTS, ParseLimits.MAX_QUERY_DEPTH);
    refused("{a=\"b\"} |~ \"" + deep + "\"", ParseLimits.DEFAULTS, ParseLimits.MAX_QUERY_DEPTH);
    refused(
        "{a=\"b\"} | regexp \"(?P<x>" + deep + ")\"",
        ParseLimits.DEFAULTS,
        ParseLimits.MAX_QUERY_DEPTH);
    refused("{a=\"b\"} | x=~\"" + deep + "\"", ParseLimits.DEFAULTS, ParseLimits.MAX_QUERY_DEPTH);
    // escaped parentheses and ones inside classes are not groups
    assertThat(QueryDepth.regex("\\(\\(\\([(][)]")).isZero();
    assertThat(QueryDepth.regex("(a(b)(c(d)))")).isEqualTo(3);
  }

  @Test
  void queriesAtTheLimitsParse() {
    // 127 operators make a tree 128 levels deep
    assertThat(LogQL.parse("1" + repeat("+1", 127))).isInstanceOf(SampleExpr.BinaryOperation.class);
    String nested = repeat("sum(", 127) + "count_over_time({a=\"b\"}[1m])" + repeat(")", 127);
    Expr parsed = LogQL.parse(nested);
    assertThat(LogQL.parse(parsed.toString())).isEqualTo(parsed);
    String exactlyMax = "{a=\"b\"} |= \"" + "x".repeat(128 * 1024 - 13) + "\"";
    assertThat(exactlyMax.length()).isEqualTo(128 * 1024);
    assertThat(LogQL.parse(exactlyMax)).isInstanceOf(LogSelectorExpr.class);
  }

  @Test
  void sizeCountsUtf8Bytes() {
    String query = "{a=\"b\"} |= \"" + "é".repeat(70_000) + "\"";
    LogQLParseException e = refused(query, ParseLimits.DEFAULTS, ParseLimits.MAX_QUERY_SIZE);
    assertThat(e.getMessage()).contains("140013 bytes");
  }

  @Test
  void syntaxErrorsNameNoLimit() {
    LogQLParseException e =
        catchThrowableOfType(LogQLParseException.class, () -> LogQL.parse("{a="));
    assertThat(e.limit()).isEmpty();
  }
}
