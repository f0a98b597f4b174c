package io.tracemate.common.labels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelNamesTest {
  @ParameterizedTest
  @CsvSource({
    "service_name, true",
    "_, true",
    "_1, true",
    "A9z, true",
    "1st, false",
    "http.route, false",
    "'', false",
    "naïve, false",
    "a-b, false"
  })
  void followsPrometheusNameRule(String name, boolean valid) {
    assertThat(LabelNames.isValid(name)).isEqualTo(valid);
  }

  @ParameterizedTest
  @CsvSource({
    "http.route, http_route",
    "1st, 1st",
    "a-b.c, a_b_c",
    "naïve, na_ve",
    "ok_name, ok_name",
    "'', ''"
  })
  void replacesWhatANameMayNotHold(String name, String replaced) {
    assertThat(LabelNames.replaceInvalid(name)).isEqualTo(replaced);
  }

  @ParameterizedTest
  @CsvSource({"already_fine"})
  void keepsAValidNameAsItIs(String name) {
    assertThat(LabelNames.replaceInvalid(name)).isSameAs(name);
  }
}
