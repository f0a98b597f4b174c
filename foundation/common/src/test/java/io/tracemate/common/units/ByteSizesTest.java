package io.tracemate.common.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSizesTest {
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "20KB | 20000", "20kB | 20000", "1KiB | 1024", "1.5MB | 1500000", "2GiB | 2147483648",
            "7B | 7",
        "1M | 1000000", "3Mi | 3145728", "10 MB | 10000000", "42 | 42", "1,000KB | 1000000",
            ".5KB | 500",
        "1EB | 1000000000000000000", "256KB | 256000"
      })
  void goHumanize(String text, long bytes) {
    assertThat(ByteSizes.parseHumanized(text)).isEqualTo(bytes);
  }

  @Test
  void goHumanizeErrorsAsLokiReportsThem() {
    assertThatThrownBy(() -> ByteSizes.parseHumanized("5 parsecs"))
        .hasMessage("unhandled size name: parsecs");
    assertThatThrownBy(() -> ByteSizes.parseHumanized("1.2.3MB"))
        .hasMessage("strconv.ParseFloat: parsing \"1.2.3\": invalid syntax");
    assertThatThrownBy(() -> ByteSizes.parseHumanized("MB"))
        .hasMessage("strconv.ParseFloat: parsing \"\": invalid syntax");
    assertThatThrownBy(() -> ByteSizes.parseHumanized("20EB")).hasMessage("too large: 20EB");
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "64MiB | 67108864",
        "512KB | 524288",
        "512kb | 524288",
        "1048576 | 1048576",
        "1 GiB | 1073741824",
        "2T | 2199023255552",
        " 8m  | 8388608"
      })
  void tracemateConfigSizesArePowersOf1024(String text, long bytes) {
    assertThat(ByteSizes.parseBinary(text)).isEqualTo(bytes);
  }

  @Test
  void tracemateConfigSizesAreWholeNumbers() {
    assertThatThrownBy(() -> ByteSizes.parseBinary("1.5GB")).hasMessageContaining("not a size");
    assertThatThrownBy(() -> ByteSizes.parseBinary("lots")).hasMessageContaining("not a size");
    assertThatThrownBy(() -> ByteSizes.parseBinary("9999999999T"))
        .hasMessageContaining("too large");
  }
}
