package io.tracemate.querysupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingChecksTest {

  @Test
  void aPositiveSettingRefusesZeroAndLessNamingItself() {
    assertThat(SettingChecks.positive("maxSeries", 1)).isEqualTo(1);
    assertThatThrownBy(() -> SettingChecks.positive("maxSeries", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSeries must be positive, got 0");
    assertThat(SettingChecks.positive("timeout", Duration.ofMillis(1))).hasMillis(1);
    assertThatThrownBy(() -> SettingChecks.positive("timeout", Duration.ofSeconds(-1)))
        .hasMessage("timeout must be positive, got PT-1S");
    assertThatThrownBy(() -> SettingChecks.positive("timeout", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeout");
  }

  @Test
  void aSettingWhereZeroTurnsTheLimitOffSaysWhatZeroMeans() {
    assertThat(SettingChecks.zeroOrPositive("maxBytesScanned", 0, "unlimited")).isZero();
    assertThatThrownBy(() -> SettingChecks.zeroOrPositive("maxBytesScanned", -1, "unlimited"))
        .hasMessage("maxBytesScanned must be 0 (unlimited) or positive, got -1");
    assertThat(SettingChecks.zeroOrPositive("maxLookback", Duration.ZERO, "none")).isZero();
    assertThatThrownBy(
            () -> SettingChecks.zeroOrPositive("maxLookback", Duration.ofHours(-1), "none"))
        .hasMessage("maxLookback must be 0 (none) or positive, got PT-1H");
  }
}
