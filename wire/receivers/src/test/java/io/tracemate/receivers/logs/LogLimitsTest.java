package io.tracemate.receivers.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogLimitsTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void emptyConfigIsLokisDefaults() throws Exception {
    LogLimits limits = mapper.readValue("{}", LogLimits.class);

    assertThat(limits).isEqualTo(LogLimits.DEFAULTS);
    assertThat(limits.ingestionRateBytes()).isEqualTo(4_194_304);
    assertThat(limits.ingestionBurstBytes()).isEqualTo(6_291_456);
    assertThat(limits.perStreamRateLimitBytes()).isEqualTo(3_145_728);
    assertThat(limits.perStreamRateLimitBurstBytes()).isEqualTo(15_728_640);
    assertThat(limits.maxLineSizeBytes()).isEqualTo(256_000);
    assertThat(limits.rejectOldSamplesMaxAge()).isEqualTo(Duration.ofDays(7));
    assertThat(limits.outOfOrderTimeWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(limits.creationGracePeriod()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void readsSnakeCaseKeysWithHumanUnits() throws Exception {
    LogLimits limits =
        mapper.readValue(
            """
        {"ingestion_rate_mb": 8, "ingestion_burst_size_mb": 12.5, "per_stream_rate_limit": "5MB",
         "per_stream_rate_limit_burst": "20MiB", "max_label_names_per_series": 30, "max_label_name_length": 100,
         "max_label_value_length": 200, "max_line_size": "1MiB", "max_line_size_truncate": true,
         "reject_old_samples": false, "reject_old_samples_max_age": "2w", "out_of_order_time_window": "30m",
         "creation_grace_period": "1h30m", "cardinality_threshold": 500, "cardinality_window": "10m"}
        """,
            LogLimits.class);

    assertThat(limits)
        .isEqualTo(
            new LogLimits(
                8,
                12.5,
                5_000_000,
                20 * 1024 * 1024,
                30,
                100,
                200,
                1 << 20,
                true,
                false,
                Duration.ofDays(14),
                Duration.ofMinutes(30),
                Duration.ofMinutes(90),
                500,
                Duration.ofMinutes(10)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"max_line_size\": \"lots\"}| logs.limits.max_line_size: 'lots' is not a size",
        "{\"out_of_order_time_window\": \"1 hour\"}| logs.limits.out_of_order_time_window: '1 hour' is not a duration",
        "{\"ingestion_rate_mb\": 0}| logs.limits.ingestion_rate_mb must be positive, got 0.0",
        "{\"max_label_names_per_series\": -1}| logs.limits.max_label_names_per_series must be positive, got -1.0",
        "{\"cardinality_window\": \"0\"}| logs.limits.cardinality_window must be positive"
      })
  void invalidValuesNameTheKey(String json, String message) {
    assertThatThrownBy(() -> mapper.readValue(json, LogLimits.class))
        .isInstanceOf(ValueInstantiationException.class)
        .hasMessageContaining(message.strip());
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "1024, 1024",
    "256KB, 256000",
    "256KiB, 262144",
    "1.5MB, 1500000",
    "2gib, 2147483648"
  })
  void sizes(String text, long bytes) {
    assertThat(ConfigValues.bytes("k", text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "30s, PT30S",
    "10m, PT10M",
    "1h, PT1H",
    "7d, PT168H",
    "1h30m, PT1H30M",
    "0, PT0S"
  })
  void durations(String text, Duration expected) {
    assertThat(ConfigValues.duration("k", text)).isEqualTo(expected);
  }
}
