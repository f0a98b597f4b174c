package io.tracemate.http.loki;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loki's detected-field types, tried in its order with Go's and go-humanize's parsers. */
class FieldTypesTest {

  @ParameterizedTest
  @CsvSource({
    "42, int",
    "-7, int",
    "+3, int",
    "9223372036854775808, float",
    "1.5, float",
    "1e3, float",
    ".5, float",
    "NaN, float",
    "true, boolean",
    "F, boolean",
    "TRUE, boolean",
    "yes, string",
    "15ms, duration",
    "1h30m, duration",
    "1.5s, duration",
    "10MB, bytes",
    "1.5 KiB, bytes",
    "3k, bytes",
    "'1,024B', bytes",
    "u-42, string",
    "4bf92f3577b34da6a3ce929d0e0e4736, string",
    "'', string",
    "200 OK, string"
  })
  void typeOf(String value, String type) {
    assertThat(FieldTypes.of(value)).isEqualTo(type);
  }

  @ParameterizedTest
  @CsvSource({
    "int, float, float",
    "float, int, float",
    "int, int, int",
    "int, string, string",
    "duration, bytes, string"
  })
  void widen(String seen, String next, String widened) {
    assertThat(FieldTypes.widen(seen, next)).isEqualTo(widened);
  }

  @ParameterizedTest
  @CsvSource({
    "1536KiB, 1.6MB",
    "2KiB, 2.0kB",
    "512B, 512B",
    "5 b, 5B",
    "10mb, 10MB",
    "1.5KiB, 1.5kB",
    "plain, plain",
    "42, 42"
  })
  void listedValues(String value, String listed) {
    assertThat(FieldTypes.listed(value)).isEqualTo(listed);
  }
}
