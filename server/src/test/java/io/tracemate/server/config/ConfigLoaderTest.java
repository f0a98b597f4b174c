package io.tracemate.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.common.units.ByteSizes;
import io.tracemate.common.units.HumanDuration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir
  Path dir;

  @Test
  void exampleFileListsExactlyTheDefaults() {
    Path example = Path.of("..", "config", "tracemate.example.yaml");
    TracemateConfig loaded = new ConfigLoader().load(example);
    TracemateConfig defaults = TracemateConfig.DEFAULTS;
    assertThat(loaded.server()).isEqualTo(defaults.server());
    assertThat(loaded.receivers()).isEqualTo(defaults.receivers());
    assertThat(loaded.query()).isEqualTo(defaults.query());
    assertThat(loaded.ingest()).isEqualTo(defaults.ingest());
    assertThat(loaded.pipeline()).isEqualTo(defaults.pipeline());
    assertThat(loaded.storage().dataDir().normalize()).isEqualTo(defaults.storage().dataDir());
    assertThat(loaded.storage().retention()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void missingKeysTakeDefaultsAndUnitsAreParsed() throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, """
        storage:
          retention: 36h
        receivers:
          max-request-bytes: 8MiB
        """);
    TracemateConfig config = new ConfigLoader().load(file);
    assertThat(config.storage().retention()).isEqualTo(Duration.ofHours(36));
    assertThat(config.receivers().maxRequestBytes()).isEqualTo(8L << 20);
    assertThat(config.receivers().otlpGrpcPort()).isEqualTo(4317);
    assertThat(config.query().httpPort()).isEqualTo(16686);
  }

  @Test
  void maxSpanAgeFollowsTheRetentionAndMayNotExceedIt() throws Exception {
    Path file = dir.resolve("ages.yaml");
    Files.writeString(file, "storage:\n  retention: 30d\n");
    TracemateConfig followed = new ConfigLoader().load(file);
    assertThat(followed.receivers().maxSpanAge()).isEqualTo(Duration.ofDays(30));
    assertThat(followed.receivers().spanCreationGracePeriod()).isEqualTo(Duration.ofMinutes(10));
    assertThat(TracemateConfig.DEFAULTS.receivers().maxSpanAge()).isEqualTo(Duration.ofDays(7));

    Files.writeString(file, "storage:\n  retention: 30d\nreceivers:\n  max-span-age: 2d\n"
        + "  span-creation-grace-period: 1m\n");
    TracemateConfig shorter = new ConfigLoader().load(file);
    assertThat(shorter.receivers().maxSpanAge()).isEqualTo(Duration.ofDays(2));
    assertThat(shorter.receivers().spanCreationGracePeriod()).isEqualTo(Duration.ofMinutes(1));

    Files.writeString(file, "receivers:\n  max-span-age: 8d\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("receivers.max-span-age (8d) must not exceed storage.retention (7d)");
    Files.writeString(file, "receivers:\n  span-creation-grace-period: PT-1M\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("receivers.span-creation-grace-period must not be negative");
  }

  @Test
  void unknownKeyIsAnErrorNamingIt() throws Exception {
    Path file = dir.resolve("typo.yaml");
    Files.writeString(file, "storage:\n  retension: 7d\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("storage.retension").hasMessageContaining("line ");
  }

  @Test
  void badValuesSayWhatIsExpected() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "storage:\n  retention: seven days\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("storage.retention").hasMessageContaining("not a duration");
    Files.writeString(file, "query:\n  http-port: 70000\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file)).hasMessageContaining("query.http-port");
  }

  @Test
  void humanDurationsAndSizes() {
    assertThat(HumanDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(HumanDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(HumanDuration.parse("PT10S")).isEqualTo(Duration.ofSeconds(10));
    assertThat(HumanDuration.format(Duration.ofDays(7))).isEqualTo("7d");
    assertThatThrownBy(() -> HumanDuration.parse("10 parsecs")).hasMessageContaining("not a duration");
    assertThat(ByteSizes.parseBinary("64MiB")).isEqualTo(64L << 20);
    assertThat(ByteSizes.parseBinary("512kb")).isEqualTo(512L << 10);
    assertThat(ByteSizes.parseBinary("1000")).isEqualTo(1000);
    assertThatThrownBy(() -> ByteSizes.parseBinary("lots")).hasMessageContaining("not a size");
  }

  @Test
  void inflightRequestBytesAreASizeOrAShareOfTheHeap() throws Exception {
    Path file = dir.resolve("inflight.yaml");
    Files.writeString(file, "receivers:\n  max-inflight-request-bytes: 256MiB\n");
    assertThat(new ConfigLoader().load(file).receivers().maxInflightRequestBytes().resolve(1L << 30))
        .isEqualTo(256L << 20);
    Files.writeString(file, "receivers:\n  max-inflight-request-bytes: 12.5%\n");
    assertThat(new ConfigLoader().load(file).receivers().maxInflightRequestBytes().resolve(1L << 30))
        .isEqualTo(128L << 20);
    assertThat(TracemateConfig.DEFAULTS.receivers().maxInflightRequestBytes().resolve(2L << 30))
        .isEqualTo((2L << 30) / 20);

    for (String bad : new String[] {"0%", "120%", "lots", "0"}) {
      Files.writeString(file, "receivers:\n  max-inflight-request-bytes: " + bad + "\n");
      assertThatThrownBy(() -> new ConfigLoader().load(file))
          .hasMessageContaining("receivers.max-inflight-request-bytes");
    }
    Files.writeString(file, "receivers:\n  max-inflight-request-bytes: 1000\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file)).hasMessageContaining("at least 1KiB");
  }
}
