package io.tracemate.logql.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Unwrap and label-filter conversions: Go's float, duration and go-humanize byte parsing. */
class GoValuesTest {
  @ParameterizedTest
  @CsvSource({
    "1, 1",
    "-2.5, -2.5",
    "1e3, 1000",
    ".5, 0.5",
    "007, 7",
    "+Inf, Infinity",
    "-inf, -Infinity"
  })
  void floats(String text, double expected) {
    assertThat(GoValues.parseFloat(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "1d", "1f", " 1", "1,5", "0x10"})
  void badFloats(String text) {
    assertThatThrownBy(() -> GoValues.parseFloat(text))
        .isInstanceOf(NumberFormatException.class)
        .hasMessageContaining("invalid syntax");
  }

  @ParameterizedTest
  @CsvSource({
    "1h30m, 5400",
    "1.5s, 1.5",
    "-2ms, -0.002",
    "300us, 0.0003",
    "300µs, 0.0003",
    "0, 0",
    "1h1m1s1ms, 3661.001",
    "10ns, 0.00000001"
  })
  void durations(String text, double seconds) {
    assertThat(GoValues.parseDurationSeconds(text)).isEqualTo(seconds);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1d", "5", "ms", "1.2.3s", "1h-2m"})
  void badDurations(String text) {
    assertThatThrownBy(() -> GoValues.parseDurationSeconds(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("time: ");
  }

  @ParameterizedTest
  @CsvSource({
    "20KB, 20000",
    "1KiB, 1024",
    "1.5 MB, 1500000",
    "3, 3",
    "3B, 3",
    "2gib, 2147483648",
    "1k, 1000",
    "0.5KB, 500"
  })
  void bytes(String text, double expected) {
    assertThat(GoValues.parseBytes(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "KB", "5XB", "abc"})
  void badBytes(String text) {
    assertThatThrownBy(() -> GoValues.parseBytes(text))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
