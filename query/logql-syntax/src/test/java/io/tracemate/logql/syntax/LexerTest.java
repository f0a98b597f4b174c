package io.tracemate.logql.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.common.units.ByteSizes;
import io.tracemate.common.units.PrometheusDuration;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Units, keywords and token boundaries. */
class LexerTest {

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of("5m", Duration.ofMinutes(5), "5m"),
        Arguments.of("5m30s", Duration.ofSeconds(330), "5m30s"),
        Arguments.of("90s", Duration.ofSeconds(90), "1m30s"),
        Arguments.of("1h", Duration.ofHours(1), "1h"),
        Arguments.of("100ms", Duration.ofMillis(100), "100ms"),
        Arguments.of("1d", Duration.ofDays(1), "1d"),
        Arguments.of("1w", Duration.ofDays(7), "1w"),
        Arguments.of("1y", Duration.ofDays(365), "1y"),
        Arguments.of("1.5h", Duration.ofMinutes(90), "1h30m"),
        Arguments.of("250us", Duration.ofNanos(250_000), "250us"),
        Arguments.of("3µs", Duration.ofNanos(3_000), "3us"),
        Arguments.of("1h0m5ns", Duration.ofHours(1).plusNanos(5), "1h5ns"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("durations")
  void parsesAndFormatsDurations(String text, Duration expected, String canonical) {
    assertThat(PrometheusDuration.parse(text)).contains(expected);
    assertThat(PrometheusDuration.format(expected)).isEqualTo(canonical);
    assertThat(PrometheusDuration.parse(canonical)).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({"''", "m", "5", "5x", "5m3", "1..5s", "h5"})
  void rejectsNonDurations(String text) {
    assertThat(PrometheusDuration.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "20KB, 20000",
    "20kB, 20000",
    "1KiB, 1024",
    "1.5MB, 1500000",
    "2GiB, 2147483648",
    "7B, 7",
    "1M, 1000000"
  })
  void parsesByteSizes(String text, long expected) {
    assertThat(ByteSizes.parseHumanized(text)).isEqualTo(expected);
  }

  @Test
  void durationsWinOverBytesAndPlainNumbersStayNumbers() {
    assertThat(types("5m 5M 5 5.5 1e3 [5m]"))
        .containsExactly(
            TokenType.DURATION,
            TokenType.BYTES,
            TokenType.NUMBER,
            TokenType.NUMBER,
            TokenType.NUMBER,
            TokenType.RANGE,
            TokenType.EOF);
  }

  @Test
  void functionNamesAreKeywordsOnlyBeforeACall() {
    assertThat(types("rate ( rate sum by ( sum bytes( bytes vector("))
        .containsExactly(
            TokenType.RANGE_OP,
            TokenType.OPEN_PARENTHESIS,
            TokenType.IDENTIFIER,
            TokenType.VECTOR_OP,
            TokenType.BY,
            TokenType.OPEN_PARENTHESIS,
            TokenType.IDENTIFIER,
            TokenType.CONVERSION,
            TokenType.OPEN_PARENTHESIS,
            TokenType.IDENTIFIER,
            TokenType.VECTOR,
            TokenType.OPEN_PARENTHESIS,
            TokenType.EOF);
  }

  @Test
  void operatorsAndFlags() {
    assertThat(types("|= |~ |> != !~ !> = =~ == >= <= > < | --strict --keep-empty - # comment"))
        .containsExactly(
            TokenType.PIPE_EXACT,
            TokenType.PIPE_MATCH,
            TokenType.PIPE_PATTERN,
            TokenType.NEQ,
            TokenType.NRE,
            TokenType.NPA,
            TokenType.EQ,
            TokenType.RE,
            TokenType.CMP_EQ,
            TokenType.GTE,
            TokenType.LTE,
            TokenType.GT,
            TokenType.LT,
            TokenType.PIPE,
            TokenType.PARSER_FLAG,
            TokenType.PARSER_FLAG,
            TokenType.SUB,
            TokenType.EOF);
  }

  @Test
  void keywordsAreCaseInsensitive() {
    assertThat(types("JSON Logfmt BY Without"))
        .containsExactly(
            TokenType.JSON, TokenType.LOGFMT, TokenType.BY, TokenType.WITHOUT, TokenType.EOF);
  }

  private static List<TokenType> types(String source) {
    return Lexer.tokenize(source).stream().map(Token::type).toList();
  }

  /**
   * Found by fuzzing (seed {@code crash-glued-durations.txt}): each number of {@code 1.5s1.5s1.5s...} scanned and
   * copied the whole rest of the run to try it as a duration, so lexing was quadratic (8 KB: 470 MB, 200 ms; a
   * 128 KiB query about a minute). Literals longer than any valid duration or size are no longer tried.
   */
  @Test
  void aLongRunOfGluedNumbersAndUnitsLexesInLinearTime() {
    String run = "1.5s".repeat(30_000);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    List<Token> tokens = Lexer.tokenize(run);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(tokens).hasSizeGreaterThan(30_000);
    assertThat(tokens.getFirst().type()).isEqualTo(TokenType.NUMBER);
    // 120,000 characters: about 20 MB of tokens; the quadratic lexer copied about 7 GB
    assertThat(allocated).isLessThan(200L << 20);
  }
}
