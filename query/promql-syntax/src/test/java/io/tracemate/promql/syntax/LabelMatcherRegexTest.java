package io.tracemate.promql.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Label matcher regexes are checked while parsing, within Go's bounds (the common module's {@code GoRegex}). */
class LabelMatcherRegexTest {

  /**
   * Found by fuzzing (seed {@code crash-long-literal-regex.txt}): the parser compiled matcher regexes with RE2/J
   * directly, whose parser is quadratic in a literal's length: {@code {__name__=~"{{{{..."}} of 4,700 characters
   * allocated 270 MB, and one of the 128 KiB a query may be would have held a core for about a minute.
   */
  @Test
  void aRegexWithLiteralTextRe2jCompilesInQuadraticTimeIsAParseError() {
    String query = "count({__name__=~\"" + "{".repeat(5000) + "\"})";

    assertThatThrownBy(() -> PromQL.parse(query))
        .isInstanceOf(PromQLParseException.class)
        .hasMessageContaining(
            "error parsing regexp: expression too large: 5000 characters of literal text in a row");
    assertThat(PromQL.parse("{__name__=~\"" + "a".repeat(4000) + "|b\"}")).isNotNull();
  }

  @Test
  void programsGoWouldRefuseAreParseErrorsToo() {
    assertThatThrownBy(() -> PromQL.parse("{job=~\"((a{1000}){1000}){1000}\"}"))
        .isInstanceOf(PromQLParseException.class)
        .hasMessageContaining("error parsing regexp: expression too large");
  }
}
