package io.tracemate.logql.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Invalid queries: each error says where (line, column, offset) and what. */
class ParseErrorTest {

  static Stream<Arguments> invalidQueries() {
    return Stream.of(
        arguments("", 1, 1, "syntax error: unexpected end of input"),
        arguments(
            "foo",
            1,
            1,
            "syntax error: unexpected IDENTIFIER, expecting { or ( or NUMBER or a function"),
        arguments("{app=\"api\"", 1, 11, "syntax error: unexpected end of input, expecting } or ,"),
        arguments("{app=api}", 1, 6, "syntax error: unexpected IDENTIFIER, expecting STRING"),
        arguments(
            "{app=\"api\" env=\"x\"}",
            1,
            12,
            "syntax error: unexpected IDENTIFIER, expecting } or ,"),
        arguments("rate({app=\"api\"})", 1, 17, "syntax error: unexpected ), expecting RANGE"),
        arguments(
            "sum(rate({app=\"api\"}[5m])) by",
            1,
            30,
            "syntax error: unexpected end of input, expecting ("),
        arguments(
            "sum by (a) (count_over_time({a=\"b\"}[1m])) by (b)",
            1,
            43,
            "syntax error: unexpected BY, expecting end of input"),
        arguments(
            "stddev({a=\"b\"})",
            1,
            8,
            "syntax error: unexpected log query, expecting a metric expression"),
        arguments(
            "{app=\"api\"} | unwrap x", 1, 15, "unwrap is only allowed inside a range aggregation"),
        arguments(
            "count_over_time({app=\"api\"} | unwrap x [5m])",
            1,
            1,
            "invalid aggregation count_over_time with unwrap"),
        arguments(
            "sum_over_time({app=\"api\"}[5m])",
            1,
            1,
            "invalid aggregation sum_over_time without unwrap"),
        arguments(
            "count_over_time({app=\"api\"}[5m]) by (a)",
            1,
            1,
            "grouping not allowed for count_over_time aggregation"),
        arguments(
            "quantile_over_time({a=\"b\"} | unwrap v [5m])",
            1,
            1,
            "parameter required for operation quantile_over_time"),
        arguments(
            "rate(0.99, {a=\"b\"}[5m])", 1, 1, "parameter 0.99 not supported for operation rate"),
        arguments("topk(rate({a=\"b\"}[1m]))", 1, 1, "parameter required for operation topk"),
        arguments(
            "sum(3, rate({a=\"b\"}[1m]))", 1, 5, "unsupported parameter for operation sum(3,"),
        arguments(
            "topk(1.5, rate({a=\"b\"}[1m]))",
            1,
            6,
            "invalid parameter topk(1.5,: must be an integer greater than 0"),
        arguments(
            "sort by (a) (rate({a=\"b\"}[1m]))", 1, 1, "grouping not allowed for sort aggregation"),
        arguments("{}", 1, 1, "queries require at least one regexp or equality matcher"),
        arguments(
            "{a=~\".*\", b!=\"x\"}",
            1,
            1,
            "queries require at least one regexp or equality matcher"),
        arguments("rate({a=\"b\"}[5x])", 1, 14, "not a valid duration string: \"5x\""),
        arguments("rate({a=\"b\"}[5m)", 1, 13, "missing closing ']' in duration"),
        arguments("{a=\"b\"} |= \"x", 1, 12, "literal not terminated"),
        arguments("{a=\"b\"} |= \"\\q\"", 1, 13, "invalid escape sequence \\q"),
        arguments(
            "{app=\"api\"}\n| json\n| foo ! \"x\"", 3, 7, "syntax error: unexpected character '!'"),
        arguments(
            "{a=\"b\"} + 1",
            1,
            9,
            "syntax error: unexpected +, binary operations need metric expressions"),
        arguments("1 + {a=\"b\"}", 1, 5, "unexpected log query, expecting a metric expression"),
        arguments("1 > 2", 1, 3, "comparisons between scalars must use BOOL modifier"),
        arguments(
            "vector(1) + bool vector(2)",
            1,
            11,
            "bool modifier can only be used on comparison operators"),
        arguments(
            "1 and vector(1)", 1, 3, "set operator and not allowed in binary scalar expression"),
        arguments(
            "vector(1) or on(a) group_left vector(2)",
            1,
            11,
            "no grouping allowed for \"or\" operation"),
        arguments("{a=\"b\"} | logfmt --bogus", 1, 18, "unknown parser flag --bogus"),
        arguments(
            "{a=\"b\"} | label_format a=b, a=\"x\"",
            1,
            29,
            "multiple label name 'a' in a single label_format"),
        arguments(
            "rate({a=\"b\"} | logfmt | unwrap x | json [5m])",
            1,
            36,
            "syntax error: unexpected JSON, only label filters may follow unwrap"),
        arguments(
            "{a=\"b\"} | json | status >= \"x\"",
            1,
            28,
            "syntax error: unexpected STRING, expecting NUMBER or DURATION or BYTES"),
        arguments(
            "{a=\"b\"} | status =~ 5", 1, 21, "syntax error: unexpected NUMBER, expecting STRING"),
        arguments(
            "{a=\"b\"} | json |",
            1,
            17,
            "syntax error: unexpected end of input, expecting a parser"),
        arguments(
            "{a=\"b\"} | (x=\"1\" or y=\"2\"",
            1,
            26,
            "syntax error: unexpected end of input, expecting ) or AND or OR"),
        // regexes of label matchers and label_replace are Go regexps, checked while parsing as Loki
        // does
        arguments("{a=~\"(b\"}", 1, 5, "error parsing regexp: missing closing ): `(b`"),
        arguments(
            "{a=\"b\", c!~\"x(?=y)\"}",
            1,
            12,
            "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
        arguments(
            "{a=\"b\"} | json | c=~`\\1`",
            1,
            21,
            "error parsing regexp: invalid escape sequence: `\\1`"),
        arguments(
            "{a=\"b\"} | drop c=~\"a**\"",
            1,
            19,
            "error parsing regexp: invalid nested repetition operator: `**`"),
        arguments(
            "label_replace(rate({a=\"b\"}[1m]), \"d\", \"$1\", \"s\", \"\\\\q\")",
            1,
            50,
            "invalid regex in label_replace: error parsing regexp: invalid escape sequence: `\\q`"),
        arguments(
            "{a=~\"(((a{1000}){1000}){1000})\"}",
            1,
            5,
            "error parsing regexp: expression too large"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidQueries")
  void reportsPositionAndReason(String query, int line, int column, String detail) {
    LogQLParseException error =
        catchThrowableOfType(LogQLParseException.class, () -> LogQL.parse(query));
    assertThat(error).as("parse error for %s", query).isNotNull();
    assertThat(error.detail()).contains(detail);
    assertThat(error.line()).isEqualTo(line);
    assertThat(error.column()).isEqualTo(column);
    assertThat(error.getMessage())
        .startsWith("parse error at line " + line + ", col " + column + ": ");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidQueries")
  void offsetPointsAtTheSameCharacterAsLineAndColumn(
      String query, int line, int column, String detail) {
    LogQLParseException error =
        catchThrowableOfType(LogQLParseException.class, () -> LogQL.parse(query));
    String[] lines = query.split("\n", -1);
    int expectedOffset = column - 1;
    for (int i = 0; i < line - 1; i++) {
      expectedOffset += lines[i].length() + 1;
    }
    assertThat(error.offset()).isEqualTo(expectedOffset);
  }
}
