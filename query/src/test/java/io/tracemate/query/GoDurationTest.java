package io.tracemate.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

  @ParameterizedTest(name = "{0} = {1} ns")
  @CsvSource(delimiter = '|', value = {
      "0                    | 0",
      "+0                   | 0",
      "0s                   | 0",
      "10ns                 | 10",
      "500us                | 500000",
      "500\u00b5s           | 500000",
      "500\u03bcs           | 500000",
      "100ms                | 100000000",
      "1.2s                 | 1200000000",
      ".5s                  | 500000000",
      "1.s                  | 1000000000",
      "2m                   | 120000000000",
      "1h                   | 3600000000000",
      "1m30s                | 90000000000",
      "1h2m3.5s             | 3723500000000",
      "1.5h                 | 5400000000000",
      "-1.5h                | -5400000000000",
      "+5s                  | 5000000000",
      "1.0000000019s        | 1000000001",
      "0.1ns                | 0",
      "9223372036854775807ns | 9223372036854775807",
      "-9223372036854775808ns | -9223372036854775808",
  })
  void parsesGoSyntax(String text, long nanos) {
    assertThat(GoDuration.parseNanos(text)).isEqualTo(nanos);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "''                     | empty",
      "-                      | empty",
      "1                      | missing unit after '1'",
      "s                      | expected a number at position 0",
      "1x                     | unknown unit 'x'",
      "1d                     | unknown unit 'd'",
      "1.2.3s                 | missing unit after '1.2'",
      "1s2                    | missing unit after '2'",
      "9223372036854775808ns  | out of range",
      "3000000h               | out of range",
      "ms                     | expected a number",
      "1 s                    | unknown unit ' s'",
  })
  void rejectsWithReason(String text, String reason) {
    assertThatThrownBy(() -> GoDuration.parseNanos(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\"")
        .hasMessageContaining(reason);
  }

  @ParameterizedTest(name = "lookback {0} = {1} ns")
  @CsvSource(delimiter = '|', value = {
      "1h  | 3600000000000",
      "2d  | 172800000000000",
      "1w  | 604800000000000",
      "1d12h | 129600000000000",
      "30m | 1800000000000",
  })
  void lookbackAlsoTakesDaysAndWeeks(String text, long nanos) {
    assertThat(GoDuration.parseLookback(text)).isEqualTo(nanos);
  }

  @ParameterizedTest
  @CsvSource({"2y", "d", "custom"})
  void lookbackStillRejectsOtherUnits(String text) {
    assertThatThrownBy(() -> GoDuration.parseLookback(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
