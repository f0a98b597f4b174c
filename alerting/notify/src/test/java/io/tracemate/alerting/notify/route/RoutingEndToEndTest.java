package io.tracemate.alerting.notify.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.notify.Eventually;
import io.tracemate.alerting.notify.LabelMatcher;
import io.tracemate.alerting.notify.Notifier;
import io.tracemate.alerting.notify.NotifierConfig;
import io.tracemate.alerting.notify.RecordingReceiver;
import io.tracemate.alerting.notify.TestAlerts;
import io.tracemate.alerting.notify.contact.ReceiverConfig;
import io.tracemate.alerting.notify.contact.WebhookConfig;
import io.tracemate.alerting.notify.delivery.DeliveryMetrics;
import io.tracemate.alerting.notify.delivery.RetrySettings;
import io.tracemate.alerting.notify.silence.SilenceStore;
import io.tracemate.common.tenant.TenantId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing, grouping, silences and retries through the notifier, with webhook receivers on loopback: what arrives,
 * in how many messages, at which receiver.
 */
class RoutingEndToEndTest {
  private static final TenantId TEAM_A = TenantId.parse("team-a");
  private static final TenantId TEAM_B = TenantId.parse("team-b");
  private static final Duration WAIT = Duration.ofMillis(200);
  private static final Duration INTERVAL = Duration.ofMillis(400);

  @TempDir Path dir;

  private static WebhookConfig hook(RecordingReceiver receiver, String path) {
    return new WebhookConfig(receiver.url(path), null, null, null, null);
  }

  private NotifierConfig config(
      RouteConfig route, RetrySettings retry, ReceiverConfig... receivers) {
    return new NotifierConfig(
        null, null, null, null, null, null, retry, route, List.of(receivers), null);
  }

  private static List<JsonNode> bodies(RecordingReceiver receiver, String path) {
    List<JsonNode> bodies = new ArrayList<>();
    receiver.received().stream()
        .filter(r -> r.path().equals(path))
        .forEach(r -> bodies.add(r.json()));
    return bodies;
  }

  @Test
  void alertsOfOneGroupArriveTogetherAfterGroupWaitAndChangesAfterGroupInterval() {
    try (RecordingReceiver receiver = RecordingReceiver.ok();
        Notifier notifier =
            new Notifier(
                config(
                    RouteConfig.to(
                        "team", List.of("alertname"), WAIT, INTERVAL, Duration.ofHours(1)),
                    null,
                    ReceiverConfig.webhooks("team", hook(receiver, "/team"))),
                dir,
                Clock.systemUTC(),
                null)) {
      Instant now = Instant.now();
      Alert checkout =
          TestAlerts.firing(TEAM_A, Map.of("alertname", "Errors", "service", "checkout"), now);
      Alert cart = TestAlerts.firing(TEAM_A, Map.of("alertname", "Errors", "service", "cart"), now);
      notifier.accept(TestAlerts.batch(now, checkout, cart));

      Eventually.await("the first notification", () -> bodies(receiver, "/team").size() == 1);
      JsonNode first = bodies(receiver, "/team").getFirst();
      assertThat(first.get("status").asText()).isEqualTo("firing");
      assertThat(first.get("alerts")).hasSize(2);
      assertThat(first.at("/groupLabels/alertname").asText()).isEqualTo("Errors");
      assertThat(first.at("/commonLabels/tenant").asText()).isEqualTo("team-a");

      Instant later = Instant.now();
      notifier.accept(TestAlerts.batch(later, checkout, TestAlerts.resolved(cart, later)));
      Eventually.await("the change", () -> bodies(receiver, "/team").size() == 2);
      JsonNode second = bodies(receiver, "/team").get(1);
      assertThat(second.get("status").asText()).isEqualTo("firing");
      assertThat(second.findValuesAsText("status")).contains("resolved");

      Instant end = Instant.now();
      notifier.accept(
          TestAlerts.batch(
              end, TestAlerts.resolved(checkout, end), TestAlerts.resolved(cart, later)));
      Eventually.await("the resolution", () -> bodies(receiver, "/team").size() == 3);
      JsonNode third = bodies(receiver, "/team").get(2);
      assertThat(third.get("status").asText()).isEqualTo("resolved");

      // Nothing changes any more: the evaluator keeps reporting the resolutions, nobody is told
      // again.
      notifier.accept(
          TestAlerts.batch(
              Instant.now(), TestAlerts.resolved(checkout, end), TestAlerts.resolved(cart, later)));
      sleep(INTERVAL.multipliedBy(3));
      assertThat(bodies(receiver, "/team")).hasSize(3);
    }
  }

  @Test
  void anUnchangedFiringGroupIsNotifiedAgainAfterRepeatInterval() {
    try (RecordingReceiver receiver = RecordingReceiver.ok();
        Notifier notifier =
            new Notifier(
                config(
                    RouteConfig.to(
                        "team", List.of("alertname"), WAIT, INTERVAL, Duration.ofMillis(800)),
                    null,
                    ReceiverConfig.webhooks("team", hook(receiver, "/team"))),
                dir,
                Clock.systemUTC(),
                null)) {
      Alert alert = TestAlerts.firing(TEAM_A, Map.of("alertname", "Errors"), Instant.now());
      notifier.accept(TestAlerts.batch(Instant.now(), alert));
      Eventually.await("a repeat", () -> bodies(receiver, "/team").size() >= 2);
      assertThat(bodies(receiver, "/team").get(1).get("alerts")).hasSize(1);
    }
  }

  @Test
  void routesMatchInOrderAndContinueSendsToTheNextMatchingRouteToo() {
    RouteConfig route =
        new RouteConfig(
            "default",
            List.of("alertname"),
            WAIT,
            INTERVAL,
            Duration.ofHours(1),
            null,
            null,
            List.of(
                new RouteConfig(
                    "pager", null, null, null, null, List.of("severity=\"critical\""), true, null),
                new RouteConfig(
                    "payments",
                    null,
                    null,
                    null,
                    null,
                    List.of("service=~\"pay.*\""),
                    false,
                    null)));
    try (RecordingReceiver receiver = RecordingReceiver.ok();
        Notifier notifier =
            new Notifier(
                config(
                    route,
                    null,
                    ReceiverConfig.webhooks("default", hook(receiver, "/default")),
                    ReceiverConfig.webhooks("pager", hook(receiver, "/pager")),
                    ReceiverConfig.webhooks("payments", hook(receiver, "/payments"))),
                dir,
                Clock.systemUTC(),
                null)) {
      Instant now = Instant.now();
      notifier.accept(
          TestAlerts.batch(
              now,
              TestAlerts.firing(
                  TEAM_A,
                  Map.of("alertname", "A", "severity", "critical", "service", "checkout"),
                  now),
              TestAlerts.firing(
                  TEAM_A,
                  Map.of("alertname", "B", "severity", "critical", "service", "payments"),
                  now),
              TestAlerts.firing(
                  TEAM_A,
                  Map.of("alertname", "C", "severity", "warning", "service", "search"),
                  now)));

      Eventually.await("the pager's two groups", () -> bodies(receiver, "/pager").size() == 2);
      Eventually.await("payments' group", () -> bodies(receiver, "/payments").size() == 1);
      Eventually.await("the default group", () -> bodies(receiver, "/default").size() == 1);
      assertThat(bodies(receiver, "/payments").getFirst().at("/groupLabels/alertname").asText())
          .isEqualTo("B");
      assertThat(bodies(receiver, "/default").getFirst().at("/groupLabels/alertname").asText())
          .isEqualTo("C");
      sleep(INTERVAL.multipliedBy(2));
      assertThat(receiver.received()).hasSize(4);
    }
  }

  @Test
  void aSilenceMutesOnlyItsTenantsMatchingAlertsUntilItExpires() {
    try (RecordingReceiver receiver = RecordingReceiver.ok();
        Notifier notifier =
            new Notifier(
                config(
                    RouteConfig.to(
                        "team", List.of("alertname"), WAIT, INTERVAL, Duration.ofHours(1)),
                    null,
                    ReceiverConfig.webhooks("team", hook(receiver, "/team"))),
                dir,
                Clock.systemUTC(),
                null)) {
      Instant now = Instant.now();
      String id =
          notifier
              .silences()
              .upsert(
                  TEAM_A,
                  new SilenceStore.Request(
                      null,
                      List.of(LabelMatcher.parse("service=\"checkout\"")),
                      now.minusSeconds(1),
                      now.plus(Duration.ofHours(1)),
                      "alice",
                      "deploying checkout"));
      Map<String, String> labels = Map.of("alertname", "Errors", "service", "checkout");
      Alert teamA = TestAlerts.firing(TEAM_A, labels, now);
      Alert teamB = TestAlerts.firing(TEAM_B, labels, now);
      notifier.accept(TestAlerts.batch(now, teamA));
      notifier.accept(TestAlerts.batch(now, teamB));

      Eventually.await("team-b's notification", () -> bodies(receiver, "/team").size() == 1);
      assertThat(bodies(receiver, "/team").getFirst().at("/commonLabels/tenant").asText())
          .isEqualTo("team-b");
      sleep(INTERVAL.multipliedBy(2));
      assertThat(bodies(receiver, "/team")).hasSize(1);

      notifier.silences().expire(TEAM_A, id);
      notifier.accept(TestAlerts.batch(Instant.now(), teamA));
      Eventually.await(
          "team-a's notification once unsilenced", () -> bodies(receiver, "/team").size() == 2);
      assertThat(bodies(receiver, "/team").get(1).at("/commonLabels/tenant").asText())
          .isEqualTo("team-a");
    }
  }

  @Test
  void failedDeliveriesAreRetriedAndAFailingReceiverDelaysNoOther() {
    AtomicInteger calls = new AtomicInteger();
    RouteConfig route =
        new RouteConfig(
            "down",
            List.of("alertname"),
            Duration.ZERO,
            INTERVAL,
            Duration.ofHours(1),
            null,
            null,
            List.of(
                new RouteConfig(
                    "flaky", null, null, null, null, List.of("alertname=\"Flaky\""), false, null),
                new RouteConfig(
                    "ok", null, null, null, null, List.of("alertname=\"Ok\""), false, null)));
    try (RecordingReceiver down =
            new RecordingReceiver(r -> HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE));
        RecordingReceiver flaky =
            new RecordingReceiver(
                r ->
                    HttpResponse.of(
                        calls.incrementAndGet() <= 2 ? HttpStatus.BAD_GATEWAY : HttpStatus.OK));
        RecordingReceiver ok = RecordingReceiver.ok();
        Notifier notifier =
            new Notifier(
                config(
                    route,
                    new RetrySettings(
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(2)),
                    ReceiverConfig.webhooks("down", hook(down, "/down")),
                    ReceiverConfig.webhooks("flaky", hook(flaky, "/flaky")),
                    ReceiverConfig.webhooks("ok", hook(ok, "/ok"))),
                dir,
                Clock.systemUTC(),
                null)) {
      Instant now = Instant.now();
      notifier.accept(
          TestAlerts.batch(
              now,
              TestAlerts.firing(TEAM_A, Map.of("alertname", "Down"), now),
              TestAlerts.firing(TEAM_A, Map.of("alertname", "Flaky"), now),
              TestAlerts.firing(TEAM_A, Map.of("alertname", "Ok"), now)));

      Eventually.await("the healthy receiver's message", () -> ok.received().size() == 1);
      Eventually.await("the flaky receiver's third attempt", () -> flaky.received().size() == 3);
      DeliveryMetrics metrics = notifier.deliveryMetrics();
      Eventually.await(
          "the failing receiver given up after the deadline",
          () -> metrics.count("webhook", DeliveryMetrics.FAILURE) >= 1);
      // Two deliveries succeeded (the flaky one on its third attempt), the failing one is tried
      // again
      // at the group's next flush; the healthy and the flaky receiver got nothing twice.
      Eventually.await(
          "both deliveries counted", () -> metrics.count("webhook", DeliveryMetrics.SUCCESS) == 2);
      // The flaky receiver's two failures were retried; how often the failing one was tried within
      // its deadline depends on how long each attempt took.
      assertThat(metrics.count("webhook", DeliveryMetrics.RETRY)).isGreaterThanOrEqualTo(2);
      assertThat(down.received()).isNotEmpty();
      assertThat(ok.received()).hasSize(1);
      assertThat(flaky.received()).hasSize(3);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
