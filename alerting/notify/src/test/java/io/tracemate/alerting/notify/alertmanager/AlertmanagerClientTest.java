package io.tracemate.alerting.notify.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracemate.alerting.notify.NotifiedAlert;
import io.tracemate.alerting.notify.NotifierConfig;
import io.tracemate.alerting.notify.RecordingReceiver;
import io.tracemate.alerting.notify.TestAlerts;
import io.tracemate.alerting.notify.delivery.DeliveryMetrics;
import io.tracemate.alerting.notify.delivery.HttpClientSettings;
import io.tracemate.common.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the Alertmanager client puts on the wire: path, credentials, batches. */
class AlertmanagerClientTest {
  @TempDir Path dir;

  @Test
  void postsUnderThePathPrefixWithBasicAuthFromAFileInBatchesOf64() throws Exception {
    Path password = Files.writeString(dir.resolve("pw"), "s3cret\n");
    try (RecordingReceiver am = RecordingReceiver.ok()) {
      String target = am.url("").substring("http://".length());
      AlertmanagerConfig config =
          new AlertmanagerConfig(
              List.of(new AlertmanagerConfig.StaticConfig(List.of(target))),
              null,
              "/alertmanager/",
              Duration.ofSeconds(5),
              null,
              new HttpClientSettings.BasicAuth("tracemate", null, password),
              null,
              null);
      DeliveryMetrics metrics = DeliveryMetrics.unregistered();
      List<NotifiedAlert> alerts = new ArrayList<>();
      Instant now = Instant.now();
      for (int i = 0; i < 70; i++) {
        alerts.add(
            NotifiedAlert.of(
                TestAlerts.firing(TenantId.DEFAULT, Map.of("alertname", "A" + i), now),
                "tenant",
                now.plusSeconds(240),
                ""));
      }
      try (AlertmanagerClient client = new AlertmanagerClient(config, metrics, Clock.systemUTC())) {
        client.send(alerts).join();
      }
      assertThat(am.received()).hasSize(2);
      RecordingReceiver.Received first = am.received().getFirst();
      assertThat(first.path()).isEqualTo("/alertmanager/api/v2/alerts");
      assertThat(first.authorization())
          .isEqualTo(
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString("tracemate:s3cret".getBytes(StandardCharsets.UTF_8)));
      int total = 0;
      for (RecordingReceiver.Received post : am.received()) {
        JsonNode body = post.json();
        assertThat(body.isArray()).isTrue();
        assertThat(body.size()).isLessThanOrEqualTo(64);
        total += body.size();
      }
      assertThat(total).isEqualTo(70);
      assertThat(metrics.count("alertmanager", DeliveryMetrics.SUCCESS)).isEqualTo(2);
    }
  }

  @Test
  void lokisAlertmanagerUrlTakesSeveralUrlsAndCredentialsInThem() {
    NotifierConfig config =
        new NotifierConfig(
            "http://a.example:9093, https://user:pw@b.example/am",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    List<AlertmanagerConfig> all = config.allAlertmanagers();
    assertThat(all).hasSize(2);
    assertThat(all.get(0).urls()).containsExactly("http://a.example:9093/api/v2/alerts");
    assertThat(all.get(1).urls()).containsExactly("https://b.example/am/api/v2/alerts");
    assertThat(all.get(1).httpSettings().authorizationHeader()).startsWith("Basic ");
  }
}
