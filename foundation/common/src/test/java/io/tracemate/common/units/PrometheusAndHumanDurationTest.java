package io.tracemate.common.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The three duration dialects differ on purpose; each keeps its own. */
class PrometheusAndHumanDurationTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "5m, PT5M, 5m",
    "1h30m, PT1H30M, 1h30m",
    "1d, PT24H, 1d",
    "1w, PT168H, 1w",
    "1y, PT8760H, 1y",
    "1.5h, PT1H30M, 1h30m",
    "250us, PT0.00025S, 250us",
    "3µs, PT0.000003S, 3us",
    "90m, PT1H30M, 1h30m"
  })
  void prometheusDurations(String text, Duration expected, String canonical) {
    assertThat(PrometheusDuration.parse(text)).contains(expected);
    assertThat(PrometheusDuration.format(expected)).isEqualTo(canonical);
  }

  @ParameterizedTest
  @CsvSource({"''", "m", "5", "5x", "5m3", "1..5s", "h5", "-5m"})
  void notPrometheusDurations(String text) {
    assertThat(PrometheusDuration.parse(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "7d, PT168H",
    "10s, PT10S",
    "1h30m, PT1H30M",
    "250ms, PT0.25S",
    "2w, PT336H",
    "PT10S, PT10S"
  })
  void humanDurations(String text, Duration expected) {
    assertThat(HumanDuration.parse(text)).isEqualTo(expected);
    assertThat(HumanDuration.parse(HumanDuration.format(expected))).isEqualTo(expected);
  }

  @Test
  void dialectsDisagreeWhereTheyShould() {
    // fractions: Go and Prometheus yes, Tracemate's config no
    assertThat(GoDuration.parseNanos("1.5s")).isEqualTo(1_500_000_000L);
    assertThatThrownBy(() -> HumanDuration.parse("1.5s")).hasMessageContaining("not a duration");
    // days: Prometheus and Tracemate's config yes, Go no
    assertThat(PrometheusDuration.parse("1d")).contains(Duration.ofDays(1));
    assertThat(HumanDuration.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThatThrownBy(() -> GoDuration.parseNanos("1d"))
        .hasMessage("time: unknown unit \"d\" in duration \"1d\"");
    // years only in Prometheus
    assertThat(PrometheusDuration.parse("1y")).contains(Duration.ofDays(365));
    assertThatThrownBy(() -> HumanDuration.parse("1y"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
