package io.tracemate.red;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedSeriesConfigTest {

  @Test
  void defaults() {
    RedSeriesConfig c = RedSeriesConfig.defaults();
    assertThat(c.resolution()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.recentRetention()).isEqualTo(Duration.ofHours(1));
    assertThat(c.rollupResolution()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.retention()).isEqualTo(Duration.ofHours(24));
    assertThat(c.maxSeries()).isEqualTo(4_000);
  }

  @Test
  void inconsistentResolutionsAreRefusedWithTheirNames() {
    assertThatThrownBy(
            () ->
                new RedSeriesConfig(
                    Duration.ofSeconds(7),
                    Duration.ofHours(1),
                    Duration.ofMinutes(5),
                    Duration.ofHours(24),
                    10))
        .hasMessage("recent_retention (PT1H) must be a multiple of resolution (PT7S)");
    assertThatThrownBy(
            () ->
                new RedSeriesConfig(
                    Duration.ofSeconds(15),
                    Duration.ofHours(1),
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(30),
                    10))
        .hasMessage("retention (PT30M) must be at least recent_retention (PT1H)");
    assertThatThrownBy(
            () ->
                new RedSeriesConfig(
                    Duration.ZERO,
                    Duration.ofHours(1),
                    Duration.ofMinutes(5),
                    Duration.ofHours(24),
                    10))
        .hasMessage("resolution must be at least 1ms, got PT0S");
    assertThatThrownBy(() -> RedSeriesConfig.defaults().withMaxSeries(0))
        .hasMessage("max_series must be at least 1, got 0");
  }

  @Test
  void seriesKeysAreSortedAndValidated() {
    SeriesKey key = SeriesKey.of("span_name", "GET", "service", "a");
    assertThat(key.labels().keySet()).containsExactly("service", "span_name");
    assertThat(key.get("service")).isEqualTo("a");
    assertThat(key.get("missing")).isNull();
    assertThat(key).isEqualTo(SeriesKey.of("service", "a", "span_name", "GET"));
    assertThatThrownBy(() -> SeriesKey.of("service")).hasMessageContaining("name/value pairs");
    assertThatThrownBy(() -> SeriesKey.of("service", null))
        .hasMessageContaining("must not be null");
  }
}
