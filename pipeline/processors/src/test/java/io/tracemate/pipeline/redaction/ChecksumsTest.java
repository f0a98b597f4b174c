package io.tracemate.pipeline.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChecksumsTest {

  @ParameterizedTest
  @CsvSource({
    "11010519491231002X, true", "11010519491231002x, true", "440308199003071235, true",
    "320502198511156789, true", "440308199003071234, false", "320502198511156780, false",
    "110105194912310021, false", "11010519491231002, false", "A1010519491231002X, false",
    // right checksum shape but 1990-02-30 is no date
    "440308199002301238, false"
  })
  void chineseIdNumbersNeedTheMod112CheckCharacter(String id, boolean valid) {
    assertThat(Checksums.isValidChineseIdNumber(id)).isEqualTo(valid);
  }

  @ParameterizedTest
  @CsvSource({
    "4111111111111111, true",
    "4532015112830366, true",
    "6217001234567890122, true",
    "6222021001123456789, true",
    "4111111111111112, false",
    "6217001234567890123, false",
    "7, false",
    "41111x1111111111, false"
  })
  void cardNumbersNeedTheLuhnCheck(String digits, boolean valid) {
    assertThat(Checksums.isLuhnValid(digits)).isEqualTo(valid);
  }
}
