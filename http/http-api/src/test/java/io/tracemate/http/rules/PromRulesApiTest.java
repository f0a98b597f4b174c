package io.tracemate.http.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Alert values as Prometheus writes them: Go's strconv.FormatFloat(v, 'e', -1, 64). */
class PromRulesApiTest {
  @ParameterizedTest
  @CsvSource({
    "0.2, 2e-01",
    "4, 4e+00",
    "1234.5, 1.2345e+03",
    "0.19641694147808920, 1.964169414780892e-01",
    "-3e-7, -3e-07",
    "1e100, 1e+100",
    "0, 0e+00",
    "NaN, NaN",
    "Infinity, +Inf",
  })
  void valuesInGosExponentForm(double value, String expected) {
    assertThat(PromRulesApi.goExponent(value)).isEqualTo(expected);
  }
}
