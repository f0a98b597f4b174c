package io.tracemate.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.alerting.notify.alertmanager.AlertmanagerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ruler} block as Loki's ruler block pastes into it, and Tracemate's one external URL.
 */
class RulerConfigTest {
  @TempDir Path dir;

  private TracemateConfig load(String yaml) throws Exception {
    Path file = dir.resolve("tracemate.yaml");
    Files.writeString(file, yaml);
    return new ConfigLoader().load(file);
  }

  @Test
  void theRulerBlockOfLokisDocsLoadsWithLokisMeaning() throws Exception {
    // As in Loki's "Alerting and recording rules" page, verbatim.
    TracemateConfig config =
        load(
            """
            ruler:
              storage:
                type: local
                local:
                  directory: /tmp/rules
              rule_path: /tmp/scratch
              alertmanager_url: http://localhost
              ring:
                kvstore:
                  store: inmemory
              enable_api: true
            """);

    assertThat(config.ruler().storage().local().directory()).isEqualTo(Path.of("/tmp/rules"));
    assertThat(config.ruler().enableApi()).isTrue();
    assertThat(config.alerting().allAlertmanagers())
        .extracting(AlertmanagerConfig::urls)
        .containsExactly(java.util.List.of("http://localhost/api/v2/alerts"));
    assertThat(config.warnings())
        .hasSize(2)
        .anySatisfy(w -> assertThat(w).startsWith("ruler.rule_path is ignored"))
        .anySatisfy(w -> assertThat(w).startsWith("ruler.ring is ignored"));
  }

  @Test
  void lokisIntervalsAndApiSwitchMeanTheSame() throws Exception {
    TracemateConfig config =
        load(
            """
            ruler:
              evaluation_interval: 30s
              poll_interval: 2m
              enable_api: false
              enable_alertmanager_v2: true
            """);
    assertThat(config.ruler().evaluationInterval()).hasSeconds(30);
    assertThat(config.ruler().pollInterval()).hasMinutes(2);
    assertThat(config.ruler().enableApi()).isFalse();
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void lokiKeysWithoutAMeaningHereAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> load("ruler:\n  enable_alertmanager_v2: false\n"))
        .hasMessageContaining("ruler")
        .hasMessageContaining("enable_alertmanager_v2: false is not supported");
    assertThatThrownBy(() -> load("ruler:\n  enable_sharding: true\n"))
        .hasMessageContaining("at ruler.enable_sharding")
        .hasMessageContaining("unknown key \"enable_sharding\"");
  }

  @Test
  void theAlertmanagerUrlOfLokisRulerBlockIsAlertingsAndMaySayTheSameTwice() throws Exception {
    assertThat(
            load("""
                    ruler: {alertmanager_url: "http://am:9093"}
                    alerting: {alertmanager_url: "http://am:9093"}
                    """)
                .alerting()
                .allAlertmanagers())
        .hasSize(1);
    assertThatThrownBy(
            () ->
                load(
                    """
                    ruler: {alertmanager_url: "http://am-a:9093"}
                    alerting: {alertmanager_url: "http://am-b:9093"}
                    """))
        .hasMessageContaining("ruler.alertmanager_url (Loki's key, http://am-a:9093)")
        .hasMessageContaining("alerting.alertmanager_url (http://am-b:9093)");
  }

  @Test
  void thereIsOneExternalUrlAndTheOldSpellingIsDeprecated() throws Exception {
    assertThat(TracemateConfig.DEFAULTS.externalUrl()).isEmpty();
    TracemateConfig lokis = load("ruler: {external_url: \"https://tracemate.bank.example/\"}\n");
    assertThat(lokis.externalUrl()).isEqualTo("https://tracemate.bank.example/");
    assertThat(lokis.warnings()).isEmpty();

    TracemateConfig old = load("alerting: {external_url: \"https://tracemate.bank.example\"}\n");
    assertThat(old.externalUrl()).isEqualTo("https://tracemate.bank.example");
    assertThat(old.warnings())
        .singleElement()
        .satisfies(w -> assertThat(w).startsWith("alerting.external_url is deprecated"));

    // The same address twice (a trailing slash aside) is allowed; two addresses are not.
    assertThat(
            load("""
                    ruler: {external_url: "https://tracemate.bank.example/"}
                    alerting: {external_url: "https://tracemate.bank.example"}
                    """)
                .externalUrl())
        .isEqualTo("https://tracemate.bank.example/");
    assertThatThrownBy(
            () ->
                load(
                    """
                    ruler: {external_url: "https://tracemate.bank.example"}
                    alerting: {external_url: "https://old.bank.example"}
                    """))
        .hasMessageContaining("alerting.external_url (https://old.bank.example) differs from")
        .hasMessageContaining("Tracemate has one external URL, ruler.external_url");
    assertThatThrownBy(() -> load("ruler: {external_url: \"tracemate.bank.example\"}\n"))
        .hasMessageContaining("ruler.external_url");
  }
}
