package io.tracemate.server.overrides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.receivers.logs.LogLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A Loki overrides file pasted as is: Loki's keys we do not implement load with one warning naming them (and the
 * tenants that set them), ours apply; a key that is neither Loki's nor ours refuses the file naming key and line.
 */
class LokiOverridesFileTest {
  @TempDir Path dir;

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger watcherLog = (Logger) LoggerFactory.getLogger(RuntimeConfigWatcher.class);

  @BeforeEach
  void listen() {
    logged.start();
    watcherLog.addAppender(logged);
  }

  @AfterEach
  void stopListening() {
    watcherLog.detachAppender(logged);
  }

  private RuntimeConfigWatcher watch(String yaml) throws Exception {
    Path file = dir.resolve("overrides.yaml");
    Files.writeString(file, yaml);
    return new RuntimeConfigWatcher(
        file,
        Duration.ofHours(1),
        LogLimits.DEFAULTS,
        EngineLimits.defaults(),
        Duration.ofDays(7),
        Duration.ofDays(7),
        null,
        Clock.systemUTC(),
        RuntimeConfigWatcher.Listener.NONE);
  }

  @Test
  void lokisKeysWeDoNotImplementLoadWithOneWarningAndOursApply() throws Exception {
    try (RuntimeConfigWatcher watcher =
        watch(
            """
            overrides:
              team-a:
                ingestion_rate_mb: 8
                retention_period: 744h
                split_queries_by_interval: 15m
                ruler_remote_write_headers: {X-Org: a}
                max_query_length: 2h
              team-b:
                retention_period: 24h
                retention_stream: [{selector: '{app="audit"}', priority: 1, period: 8760h}]
            configs: {}
            """)) {
      assertThat(watcher.forTenant("team-a").ingestionRateMb()).isEqualTo(8);
      assertThat(watcher.forTenant(TenantId.parse("team-a")).maxRange())
          .isEqualTo(Duration.ofHours(2));
      Instant now = Instant.parse("2026-12-07T12:00:00Z");
      assertThat(watcher.logRetention(now).cutoffFor(TenantId.parse("team-a")))
          .isEqualTo(now.minus(Duration.ofHours(744)));
      assertThat(watcher.logRetention(now).cutoffFor(TenantId.parse("team-b")))
          .isEqualTo(now.minus(Duration.ofHours(24)));
      List<String> warnings =
          logged.list.stream()
              .filter(e -> e.getLevel() == Level.WARN)
              .map(ILoggingEvent::getFormattedMessage)
              .toList();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.getFirst())
          .contains("Loki keys Tracemate does not implement are ignored")
          .contains("retention_stream [team-b]")
          .doesNotContain("retention_period")
          .contains("split_queries_by_interval [team-a]")
          .contains("ruler_remote_write_headers [team-a]")
          .contains("configs");
    }
  }

  @Test
  void aKeyNeitherLokisNorOursIsRefusedNamingKeyAndLine() {
    assertThatThrownBy(
            () ->
                watch(
                    """
                    overrides:
                      team-a:
                        retention_period: 744h
                        ingestion_rate_mbps: 8
                    """))
        .hasMessageContaining("overrides.team-a.ingestion_rate_mbps")
        .hasMessageContaining("line 4");
  }
}
