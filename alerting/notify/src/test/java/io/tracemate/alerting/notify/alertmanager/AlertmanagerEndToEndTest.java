package io.tracemate.alerting.notify.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.notify.Eventually;
import io.tracemate.alerting.notify.Notifier;
import io.tracemate.alerting.notify.NotifierConfig;
import io.tracemate.alerting.notify.RecordingReceiver;
import io.tracemate.alerting.notify.TestAlerts;
import io.tracemate.alerting.notify.delivery.DeliveryMetrics;
import io.tracemate.common.tenant.TenantId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier against a real Alertmanager: a firing alert shows up in its {@code GET /api/v2/alerts} with our
 * labels (the tenant's among them), annotations (the evidence's among them), start, promised end and generator
 * URL; once resolved, Alertmanager stops listing it and tells its own webhook receiver that it resolved.
 */
class AlertmanagerEndToEndTest {
  @TempDir Path dir;

  @Test
  void alertFiresInAlertmanagerThenResolves() throws Exception {
    try (RecordingReceiver amWebhook = RecordingReceiver.ok();
        AlertmanagerProcess am =
            new AlertmanagerProcess(
                dir,
                """
                route:
                  receiver: hook
                  group_by: [alertname]
                  group_wait: 100ms
                  group_interval: 500ms
                  repeat_interval: 1h
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                """
                    .formatted(amWebhook.url("/am-hook")));
        Notifier notifier =
            new Notifier(
                config(null, "http://" + am.target()),
                dir.resolve("notify"),
                Clock.systemUTC(),
                null)) {
      TenantId tenant = TenantId.parse("team-a");
      Instant firedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
      Alert firing =
          TestAlerts.firing(
              tenant, Map.of("alertname", "HighErrorRate", "service", "checkout"), firedAt);
      notifier.accept(TestAlerts.batch(Instant.now(), firing));

      Eventually.await("Alertmanager lists the alert", () -> find(am.alerts()) != null);
      JsonNode listed = find(am.alerts());
      assertThat(listed.at("/labels/tenant").asText()).isEqualTo("team-a");
      assertThat(listed.at("/labels/service").asText()).isEqualTo("checkout");
      assertThat(listed.at("/annotations/summary").asText()).contains("checkout");
      assertThat(listed.at("/annotations/tracemate_trace_ids").asText())
          .isEqualTo(TestAlerts.TRACE_ID);
      assertThat(listed.at("/annotations/tracemate_evidence_logs").asText())
          .contains("payment declined for order 42");
      assertThat(listed.at("/status/state").asText()).isEqualTo("active");
      assertThat(Instant.parse(listed.at("/startsAt").asText())).isEqualTo(firedAt);
      // endsAt = now + 4 × max(interval 1m, resend delay 1m): in the future, within 4 minutes.
      Instant endsAt = Instant.parse(listed.at("/endsAt").asText());
      assertThat(endsAt).isAfter(Instant.now().plus(Duration.ofMinutes(3)));
      assertThat(endsAt).isBefore(Instant.now().plus(Duration.ofMinutes(4).plusSeconds(5)));
      assertThat(listed.at("/generatorURL").asText()).isEqualTo(firing.generatorUrl());
      Eventually.await(
          "Alertmanager notifies its receiver of the firing alert",
          () ->
              amWebhook.received().stream()
                  .anyMatch(r -> r.json().at("/status").asText().equals("firing")));

      // The next evaluation finds the condition gone: resolved at that evaluation's time.
      Instant resolvedAt = Instant.now();
      notifier.accept(TestAlerts.batch(resolvedAt, TestAlerts.resolved(firing, resolvedAt)));

      Eventually.await("Alertmanager no longer lists the alert", () -> find(am.alerts()) == null);
      Eventually.await(
          "Alertmanager notifies its receiver of the resolution",
          () ->
              amWebhook.received().stream()
                  .anyMatch(r -> r.json().at("/status").asText().equals("resolved")));
      JsonNode resolvedHook =
          amWebhook.received().stream()
              .filter(r -> r.json().at("/status").asText().equals("resolved"))
              .findFirst()
              .orElseThrow()
              .json();
      assertThat(resolvedHook.at("/alerts/0/labels/alertname").asText()).isEqualTo("HighErrorRate");
      assertThat(resolvedHook.at("/alerts/0/annotations/tracemate_trace_ids").asText())
          .isEqualTo(TestAlerts.TRACE_ID);
      assertThat(notifier.deliveryMetrics().count("alertmanager", DeliveryMetrics.SUCCESS))
          .isEqualTo(2);
    }
  }

  @Test
  void everyAlertmanagerGetsEveryAlertAndAnUnreachableOneIsCounted() throws Exception {
    try (AlertmanagerProcess first =
            new AlertmanagerProcess(
                java.nio.file.Files.createDirectories(dir.resolve("one")),
                "route: {receiver: none}\nreceivers: [{name: none}]\n");
        AlertmanagerProcess second =
            new AlertmanagerProcess(
                java.nio.file.Files.createDirectories(dir.resolve("two")),
                "route: {receiver: none}\nreceivers: [{name: none}]\n");
        Notifier notifier =
            new Notifier(
                config(
                    List.of(
                        new AlertmanagerConfig(
                            List.of(
                                new AlertmanagerConfig.StaticConfig(
                                    List.of(first.target(), second.target()))),
                            null,
                            null,
                            Duration.ofSeconds(2),
                            null,
                            null,
                            null,
                            null)),
                    // Nothing listens on port 9 of the loopback (discard): refused at once.
                    "http://127.0.0.1:9"),
                dir.resolve("notify"),
                Clock.systemUTC(),
                null)) {
      Alert firing =
          TestAlerts.firing(
              TenantId.DEFAULT, Map.of("alertname", "SlowCheckout"), Instant.now().minusSeconds(5));
      notifier.accept(TestAlerts.batch(Instant.now(), firing));

      Eventually.await("the first Alertmanager lists it", () -> find(first.alerts()) != null);
      Eventually.await("the second Alertmanager lists it", () -> find(second.alerts()) != null);
      assertThat(find(first.alerts()).at("/labels/tenant").asText()).isEqualTo("fake");
      Eventually.await(
          "the unreachable one is counted as a failure",
          () -> notifier.deliveryMetrics().count("alertmanager", DeliveryMetrics.FAILURE) == 1);
    }
  }

  private static NotifierConfig config(List<AlertmanagerConfig> alertmanagers, String url) {
    return new NotifierConfig(url, alertmanagers, null, null, null, null, null, null, null, null);
  }

  private static JsonNode find(JsonNode alerts) {
    return StreamSupport.stream(alerts.spliterator(), false)
        .filter(a -> !a.at("/labels/alertname").asText().isEmpty())
        .findFirst()
        .orElse(null);
  }
}
