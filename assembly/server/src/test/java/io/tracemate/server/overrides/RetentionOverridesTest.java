package io.tracemate.server.overrides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.receivers.logs.LogLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention per tenant in the runtime overrides file: Loki's {@code retention_period} for logs, Tempo's {@code
 * block_retention} for spans, each with its project's meaning of 0, shown and audited as the other limits are.
 */
class RetentionOverridesTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final Duration LOGS = Duration.ofDays(7);
  private static final Duration SPANS = Duration.ofDays(3);

  @TempDir Path dir;
  private final List<RuntimeConfigWatcher.Change> changes = new ArrayList<>();

  private RuntimeConfigWatcher watch(String yaml) throws Exception {
    Path file = dir.resolve("overrides.yaml");
    Files.writeString(file, yaml);
    return new RuntimeConfigWatcher(
        file,
        Duration.ofHours(1),
        LogLimits.DEFAULTS,
        EngineLimits.defaults(),
        LOGS,
        SPANS,
        null,
        Clock.systemUTC(),
        new RuntimeConfigWatcher.Listener() {
          @Override
          public void changed(RuntimeConfigWatcher.Change change) {
            changes.add(change);
          }

          @Override
          public void refused(Path file, String problem) {}
        });
  }

  @Test
  void eachTenantsRetentionAppliesToItsSignalAndEveryOtherTenantHasTheConfiguredOne()
      throws Exception {
    try (RuntimeConfigWatcher watcher =
        watch(
            """
            overrides:
              short: {retention_period: 24h, block_retention: 12h}
              long: {retention_period: 31d, block_retention: 720h}
              logs-forever: {retention_period: 0}
              spans-default: {block_retention: 0s}
            """)) {
      RetentionPolicy logs = watcher.logRetention(NOW);
      RetentionPolicy spans = watcher.spanRetention(NOW);

      assertThat(logs.cutoffFor(TenantId.parse("short")))
          .isEqualTo(NOW.minus(Duration.ofHours(24)));
      assertThat(logs.cutoffFor(TenantId.parse("long"))).isEqualTo(NOW.minus(Duration.ofDays(31)));
      assertThat(logs.cutoffFor(TenantId.parse("logs-forever"))).isEqualTo(Instant.MIN);
      assertThat(logs.cutoffFor(TenantId.DEFAULT)).isEqualTo(NOW.minus(LOGS));
      assertThat(spans.cutoffFor(TenantId.parse("short")))
          .isEqualTo(NOW.minus(Duration.ofHours(12)));
      assertThat(spans.cutoffFor(TenantId.parse("long"))).isEqualTo(NOW.minus(Duration.ofDays(30)));
      assertThat(spans.cutoffFor(TenantId.parse("spans-default"))).isEqualTo(NOW.minus(SPANS));
      assertThat(spans.cutoffFor(TenantId.parse("logs-forever"))).isEqualTo(NOW.minus(SPANS));
      assertThat(spans.earliestCutoff()).isEqualTo(NOW.minus(Duration.ofDays(30)));

      assertThat(watcher.effectiveByTenant(false).get("short"))
          .containsEntry("retention_period", "1d")
          .containsEntry("block_retention", "12h");
      assertThat(watcher.effectiveByTenant(true).get("logs-forever"))
          .containsExactlyEntriesOf(java.util.Map.of("retention_period", "0s"));
      assertThat(watcher.effectiveByTenant(true).get("spans-default")).isEmpty();
      assertThat(watcher.defaults())
          .containsEntry("retention_period", "1w")
          .containsEntry("block_retention", "3d");
    }
  }

  @Test
  void aChangedRetentionIsInForceAfterTheReloadAndNamedInTheChange() throws Exception {
    try (RuntimeConfigWatcher watcher = watch("overrides:\n  team-a: {retention_period: 24h}\n")) {
      Files.writeString(
          dir.resolve("overrides.yaml"),
          "overrides:\n  team-a: {retention_period: 48h, block_retention: 1h}\n");

      assertThat(watcher.reload()).isTrue();

      assertThat(watcher.logRetention(NOW).cutoffFor(TenantId.parse("team-a")))
          .isEqualTo(NOW.minus(Duration.ofHours(48)));
      assertThat(watcher.spanRetention(NOW).cutoffFor(TenantId.parse("team-a")))
          .isEqualTo(NOW.minus(Duration.ofHours(1)));
      assertThat(changes).hasSize(1);
      assertThat(changes.getFirst().changedKeys())
          .containsEntry("team-a", List.of("retention_period", "block_retention"));
    }
  }

  @Test
  void aBadRetentionIsRefusedNamingItsKey() {
    assertThatThrownBy(() -> watch("overrides:\n  team-a: {retention_period: soon}\n"))
        .hasMessageContaining("retention_period");
    assertThatThrownBy(() -> watch("overrides:\n  team-a: {block_retention: -1h}\n"))
        .hasMessageContaining("block_retention");
  }
}
