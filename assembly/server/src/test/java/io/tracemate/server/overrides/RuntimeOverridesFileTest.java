package io.tracemate.server.overrides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.receivers.logs.LogLimits;
import io.tracemate.server.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime overrides file as Loki writes it, and its refusals naming file, key path and line. */
class RuntimeOverridesFileTest {
  @TempDir Path dir;

  private RuntimeOverrides load(String yaml) throws Exception {
    Path file = dir.resolve("overrides.yaml");
    Files.writeString(file, yaml);
    return new ConfigLoader().load(file, RuntimeOverrides.class, RuntimeOverrides.NONE);
  }

  @Test
  void aTenantsOverridesChangeOnlyTheKeysItNames() throws Exception {
    RuntimeOverrides overrides =
        load(
            """
            overrides:
              team-a:
                ingestion_rate_mb: 8
                per_stream_rate_limit: 5MiB
                max_line_size: 1KB
                max_global_streams_per_user: 20
            """);
    LogLimits a = overrides.logLimits("team-a").applyTo(LogLimits.DEFAULTS);
    assertThat(a.ingestionRateMb()).isEqualTo(8);
    assertThat(a.ingestionBurstSizeMb()).isEqualTo(LogLimits.DEFAULTS.ingestionBurstSizeMb());
    assertThat(a.perStreamRateLimitBytes()).isEqualTo(5L * 1024 * 1024);
    assertThat(a.maxLineSizeBytes()).isEqualTo(1000);
    assertThat(a.maxActiveStreams()).isEqualTo(20);
    assertThat(overrides.logLimits("team-b").applyTo(LogLimits.DEFAULTS))
        .isEqualTo(LogLimits.DEFAULTS);
    assertThat(load("").overrides()).isEmpty();
  }

  @Test
  void aBadFileIsRefusedNamingFileKeyPathAndLine() {
    assertThatThrownBy(() -> load("overrides:\n  team-a:\n    ingestion_rate_mbb: 8\n"))
        .hasMessageContaining("overrides.yaml")
        .hasMessageContaining("overrides.team-a.ingestion_rate_mbb")
        .hasMessageContaining("line 3");
    assertThatThrownBy(() -> load("overrides:\n  team-a:\n    ingestion_rate_mb: lots\n"))
        .hasMessageContaining("overrides.team-a.ingestion_rate_mb")
        .hasMessageContaining("line 3");
    assertThatThrownBy(() -> load("overrides:\n  team-a:\n    ingestion_rate_mb: -1\n"))
        .hasMessageContaining("ingestion_rate_mb must be positive");
    assertThatThrownBy(() -> load("overrides:\n  team-a:\n    max_line_size: huge\n"))
        .hasMessageContaining("max_line_size")
        .hasMessageContaining("is not a size");
    assertThatThrownBy(() -> load("overrides:\n  \"team/a\":\n    ingestion_rate_mb: 1\n"))
        .hasMessageContaining("tenant 'team/a'")
        .hasMessageContaining("'/'");
    assertThatThrownBy(() -> load("limits:\n  team-a: {}\n"))
        .hasMessageContaining("limits")
        .hasMessageContaining("line 1");
  }

  @Test
  void temposMaxActiveSeriesIsPerTenantAndZeroMeansTheConfiguredBounds() throws Exception {
    RuntimeOverrides overrides =
        load(
            """
            overrides:
              team-a: {metrics_generator_max_active_series: 200}
              team-b: {metrics_generator_max_active_series: 0}
            """);
    assertThat(overrides.tenant("team-a").maxActiveSeries()).isEqualTo(200);
    assertThat(overrides.tenant("team-b").maxActiveSeries()).isZero();
    assertThat(overrides.tenant("team-c").maxActiveSeries()).isZero();
    assertThatThrownBy(
            () -> load("overrides:\n  team-a:\n    metrics_generator_max_active_series: -1\n"))
        .hasMessageContaining("overrides.team-a.metrics_generator_max_active_series")
        .hasMessageContaining("line 3")
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(
            () -> load("overrides:\n  team-a:\n    metrics_generator_max_active_series: many\n"))
        .hasMessageContaining("overrides.team-a.metrics_generator_max_active_series")
        .hasMessageContaining("line 3");
  }
}
