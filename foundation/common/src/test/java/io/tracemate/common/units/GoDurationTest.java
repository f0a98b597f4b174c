package io.tracemate.common.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

  @ParameterizedTest(name = "{0} = {1} ns")
  @CsvSource(
      delimiter = '|',
      value = {
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
  @CsvSource(
      delimiter = '|',
      value = {
        "''                     | time: invalid duration \"\"",
        "-                      | time: invalid duration \"-\"",
        "1                      | time: missing unit in duration \"1\"",
        "s                      | time: invalid duration \"s\"",
        "1x                     | time: unknown unit \"x\" in duration \"1x\"",
        "1d                     | time: unknown unit \"d\" in duration \"1d\"",
        "1.2.3s                 | time: missing unit in duration \"1.2.3s\"",
        "1s2                    | time: missing unit in duration \"1s2\"",
        "9223372036854775808ns  | time: invalid duration \"9223372036854775808ns\"",
        "3000000h               | time: invalid duration \"3000000h\"",
        "ms                     | time: invalid duration \"ms\"",
        "1 s                    | time: unknown unit \" s\" in duration \"1 s\"",
      })
  void rejectsWithGosMessage(String text, String message) {
    assertThatThrownBy(() -> GoDuration.parseNanos(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "lookback {0} = {1} ns")
  @CsvSource(
      delimiter = '|',
      value = {
        "1h  | 3600000000000",
        "2d  | 172800000000000",
        "1w  | 604800000000000",
        "1d12h | 129600000000000",
        "30m | 1800000000000",
      })
  void lookbackAlsoTakesDaysAndWeeks(String text, long nanos) {
    assertThat(GoDuration.parseNanosWithDays(text)).isEqualTo(nanos);
  }

  @ParameterizedTest
  @CsvSource({"2y", "d", "custom"})
  void lookbackStillRejectsOtherUnits(String text) {
    assertThatThrownBy(() -> GoDuration.parseNanosWithDays(text))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
