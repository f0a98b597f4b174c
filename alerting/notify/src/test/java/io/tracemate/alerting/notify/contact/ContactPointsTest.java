package io.tracemate.alerting.notify.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.notify.NotifiedAlert;
import io.tracemate.alerting.notify.RecordingReceiver;
import io.tracemate.alerting.notify.TestAlerts;
import io.tracemate.alerting.notify.delivery.DeliveryException;
import io.tracemate.alerting.notify.delivery.HttpClientSettings;
import io.tracemate.common.tenant.TenantId;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Each contact point against a real HTTP receiver on loopback: the body has the shape its vendor documents, the
 * evidence is in it, signatures verify, and a refusal is a failure of the right kind.
 */
class ContactPointsTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:05:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String EXTERNAL = "https://tracemate.example.com";
  private static final TenantId TENANT = TenantId.parse("team-a");

  private static Notification notification() {
    Alert checkout =
        TestAlerts.firing(
            TENANT,
            Map.of("alertname", "HighErrorRate", "service", "checkout", "severity", "critical"),
            NOW.minusSeconds(120));
    Alert cart =
        TestAlerts.resolved(
            TestAlerts.firing(
                TENANT,
                Map.of("alertname", "HighErrorRate", "service", "cart", "severity", "critical"),
                NOW.minusSeconds(600)),
            NOW.minusSeconds(30));
    List<NotifiedAlert> alerts =
        List.of(
            NotifiedAlert.of(checkout, "tenant", NOW.plusSeconds(240), EXTERNAL),
            NotifiedAlert.of(cart, "tenant", NOW.plusSeconds(240), EXTERNAL));
    return new Notification(
        "team-a-oncall",
        "team-a/{}:{alertname=\"HighErrorRate\"}",
        new TreeMap<>(Map.of("alertname", "HighErrorRate")),
        alerts,
        EXTERNAL);
  }

  @Test
  void webhookSendsAlertmanagersVersion4BodyWithTheEvidence() {
    try (RecordingReceiver receiver = RecordingReceiver.ok();
        WebhookIntegration webhook =
            new WebhookIntegration(
                new WebhookConfig(
                    receiver.url("/hook"),
                    null,
                    null,
                    null,
                    new HttpClientSettings(
                        null, new HttpClientSettings.Authorization(null, "s3cret", null), null)))) {
      webhook.send(notification()).join();

      RecordingReceiver.Received got = receiver.received().getFirst();
      assertThat(got.authorization()).isEqualTo("Bearer s3cret");
      JsonNode body = got.json();
      assertThat(body.get("version").asText()).isEqualTo("4");
      assertThat(body.get("receiver").asText()).isEqualTo("team-a-oncall");
      assertThat(body.get("status").asText()).isEqualTo("firing");
      assertThat(body.get("groupKey").asText())
          .isEqualTo("team-a/{}:{alertname=\"HighErrorRate\"}");
      assertThat(body.get("truncatedAlerts").asInt()).isZero();
      assertThat(body.get("externalURL").asText()).isEqualTo(EXTERNAL);
      assertThat(body.at("/groupLabels/alertname").asText()).isEqualTo("HighErrorRate");
      assertThat(body.at("/commonLabels/severity").asText()).isEqualTo("critical");
      assertThat(body.at("/commonLabels/tenant").asText()).isEqualTo("team-a");
      assertThat(body.at("/commonLabels/service").isMissingNode()).isTrue();
      assertThat(body.get("alerts")).hasSize(2);
      JsonNode firing = body.at("/alerts/0");
      assertThat(firing.get("status").asText()).isEqualTo("firing");
      assertThat(firing.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
      assertThat(firing.get("startsAt").asText()).isEqualTo(NOW.minusSeconds(120).toString());
      assertThat(firing.get("fingerprint").asText()).matches("[0-9a-f]{16}");
      assertThat(firing.get("generatorURL").asText()).startsWith("http://tracemate.test/");
      assertThat(firing.at("/annotations/tracemate_trace_ids").asText())
          .isEqualTo(TestAlerts.TRACE_ID);
      assertThat(firing.at("/annotations/tracemate_trace_urls").asText())
          .isEqualTo(EXTERNAL + "/trace/" + TestAlerts.TRACE_ID);
      // Evidence without a link of its own opens its first trace.
      assertThat(firing.at("/annotations/tracemate_evidence_url").asText())
          .isEqualTo(EXTERNAL + "/trace/" + TestAlerts.TRACE_ID);
      assertThat(firing.at("/evidence/url").asText())
          .isEqualTo(EXTERNAL + "/trace/" + TestAlerts.TRACE_ID);
      assertThat(firing.at("/evidence/traceIds/0").asText()).isEqualTo(TestAlerts.TRACE_ID);
      assertThat(firing.at("/evidence/traceLinks/0").asText())
          .isEqualTo(EXTERNAL + "/trace/" + TestAlerts.TRACE_ID);
      assertThat(firing.at("/evidence/logLines/0/line").asText()).contains("payment declined");
      assertThat(firing.at("/evidence/logLines/0/labels/service_name").asText())
          .isEqualTo("checkout");
      JsonNode resolved = body.at("/alerts/1");
      assertThat(resolved.get("status").asText()).isEqualTo("resolved");
      assertThat(resolved.get("endsAt").asText()).isEqualTo(NOW.minusSeconds(30).toString());
    }
  }

  @Test
  void webhookMaxAlertsCountsTheRestAsTruncated() {
    try (RecordingReceiver receiver = RecordingReceiver.ok();
        WebhookIntegration webhook =
            new WebhookIntegration(new WebhookConfig(receiver.url("/hook"), null, 1, null, null))) {
      webhook.send(notification()).join();
      JsonNode body = receiver.received().getFirst().json();
      assertThat(body.get("alerts")).hasSize(1);
      assertThat(body.get("truncatedAlerts").asInt()).isEqualTo(1);
    }
  }

  @Test
  void webhookFailuresAreRetryableOnlyFor5xxAnd429() {
    try (RecordingReceiver receiver =
            new RecordingReceiver(r -> HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE));
        WebhookIntegration webhook =
            new WebhookIntegration(
                new WebhookConfig(receiver.url("/hook"), null, null, null, null))) {
      assertThat(failure(webhook)).satisfies(e -> assertThat(e.retryable()).isTrue());
      receiver.answer(r -> HttpResponse.of(HttpStatus.BAD_REQUEST));
      DeliveryException permanent = failure(webhook);
      assertThat(permanent.retryable()).isFalse();
      assertThat(permanent.getMessage()).contains("400");
    }
  }

  @Test
  void slackGetsOneAttachmentInMrkdwnWithLinksToTheTraces() {
    try (RecordingReceiver receiver = RecordingReceiver.ok();
        SlackIntegration slack =
            new SlackIntegration(
                new SlackIntegration.Config(
                    receiver.url("/services/T0/B0/x"),
                    "#oncall",
                    "tracemate",
                    ":rotating_light:",
                    null,
                    null,
                    null,
                    true,
                    null,
                    null,
                    null))) {
      slack.send(notification()).join();
      JsonNode body = receiver.received().getFirst().json();
      assertThat(body.get("channel").asText()).isEqualTo("#oncall");
      assertThat(body.get("username").asText()).isEqualTo("tracemate");
      assertThat(body.get("icon_emoji").asText()).isEqualTo(":rotating_light:");
      JsonNode attachment = body.at("/attachments/0");
      assertThat(attachment.get("title").asText()).isEqualTo("[FIRING:1] alertname=HighErrorRate");
      assertThat(attachment.get("color").asText()).isEqualTo("danger");
      assertThat(attachment.get("title_link").asText()).startsWith("http://tracemate.test/");
      String text = attachment.get("text").asText();
      assertThat(text)
          .contains("FIRING: HighErrorRate - error rate of checkout above 5%")
          .contains("RESOLVED: HighErrorRate - error rate of cart above 5%")
          .contains(
              "<" + EXTERNAL + "/trace/" + TestAlerts.TRACE_ID + "|" + TestAlerts.TRACE_ID + ">")
          .contains("payment declined");
      assertThat(attachment.get("mrkdwn_in").toString()).contains("text");
    }
  }

  @Test
  void weComGetsMarkdownWithinItsSizeLimitAndItsErrcodeIsRead() {
    try (RecordingReceiver receiver =
            RecordingReceiver.answering("{\"errcode\":0,\"errmsg\":\"ok\"}");
        WeComIntegration wecom =
            new WeComIntegration(
                new WeComIntegration.Config(
                    receiver.url("/cgi-bin/webhook/send?key=abc"),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null))) {
      wecom.send(notification()).join();
      RecordingReceiver.Received got = receiver.received().getFirst();
      assertThat(got.query()).isEqualTo("key=abc");
      JsonNode body = got.json();
      assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
      String content = body.at("/markdown/content").asText();
      assertThat(content)
          .startsWith("## [FIRING:1] alertname=HighErrorRate")
          .contains(
              "[" + TestAlerts.TRACE_ID + "](" + EXTERNAL + "/trace/" + TestAlerts.TRACE_ID + ")")
          .contains("payment declined");
      assertThat(content.getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(WeComIntegration.MAX_CONTENT_BYTES);

      receiver.answer(
          r ->
              HttpResponse.of(
                  HttpStatus.OK,
                  com.linecorp.armeria.common.MediaType.JSON_UTF_8,
                  "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}"));
      DeliveryException limited = failure(wecom);
      assertThat(limited.retryable()).isTrue();
      assertThat(limited.getMessage()).contains("45009");
      receiver.answer(
          r ->
              HttpResponse.of(
                  HttpStatus.OK,
                  com.linecorp.armeria.common.MediaType.JSON_UTF_8,
                  "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"));
      assertThat(failure(wecom).retryable()).isFalse();
    }
  }

  @Test
  void weComCutsALongMessageToItsLimitWithoutBreakingACharacter() {
    String longSummary = "错误".repeat(3000);
    Alert alert =
        new Alert(
            TENANT,
            new TreeMap<>(Map.of("alertname", "Burst")),
            Map.of("summary", longSummary),
            io.tracemate.alerting.model.AlertState.FIRING,
            NOW,
            NOW,
            null,
            1,
            "",
            io.tracemate.alerting.model.Evidence.NONE);
    Notification one =
        new Notification(
            "r",
            "k",
            new TreeMap<>(),
            List.of(NotifiedAlert.of(alert, "tenant", NOW.plusSeconds(60), "")),
            "");
    try (RecordingReceiver receiver = RecordingReceiver.answering("{\"errcode\":0}");
        WeComIntegration wecom =
            new WeComIntegration(
                new WeComIntegration.Config(
                    receiver.url("/send"), null, null, null, null, null, null))) {
      wecom.send(one).join();
      String content = receiver.received().getFirst().json().at("/markdown/content").asText();
      assertThat(content.getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(WeComIntegration.MAX_CONTENT_BYTES);
      assertThat(content).endsWith("…").doesNotContain("\uFFFD");
    }
  }

  @Test
  void dingTalkSignsTheUrlAsDingTalkDocumentsAndMentionsByMobile() throws Exception {
    String secret = "SEC000000000000000000000";
    try (RecordingReceiver receiver =
            RecordingReceiver.answering("{\"errcode\":0,\"errmsg\":\"ok\"}");
        DingTalkIntegration dingtalk =
            new DingTalkIntegration(
                new DingTalkIntegration.Config(
                    receiver.url("/robot/send?access_token=tok"),
                    secret,
                    null,
                    null,
                    List.of("13800000000"),
                    null,
                    null,
                    null,
                    null,
                    null),
                CLOCK)) {
      dingtalk.send(notification()).join();
      RecordingReceiver.Received got = receiver.received().getFirst();
      Map<String, String> query = query(got.query());
      assertThat(query).containsEntry("access_token", "tok");
      assertThat(query.get("timestamp")).isEqualTo(Long.toString(NOW.toEpochMilli()));
      // DingTalk's own recipe: Base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret)).
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String expected =
          java.util.Base64.getEncoder()
              .encodeToString(
                  mac.doFinal(
                      (NOW.toEpochMilli() + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
      assertThat(query.get("sign")).isEqualTo(expected);

      JsonNode body = got.json();
      assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
      assertThat(body.at("/markdown/title").asText())
          .isEqualTo("[FIRING:1] alertname=HighErrorRate");
      assertThat(body.at("/markdown/text").asText())
          .startsWith("#### [FIRING:1]")
          .contains("/trace/" + TestAlerts.TRACE_ID)
          .contains("@13800000000");
      assertThat(body.at("/at/atMobiles/0").asText()).isEqualTo("13800000000");
      assertThat(body.at("/at/isAtAll").asBoolean()).isFalse();
    }
  }

  @Test
  void feishuSignsTheBodyAsFeishuDocumentsInBothMessageTypes() throws Exception {
    String secret = "feishu-secret";
    try (RecordingReceiver receiver =
            RecordingReceiver.answering("{\"code\":0,\"msg\":\"success\"}");
        FeishuIntegration card =
            new FeishuIntegration(
                new FeishuIntegration.Config(
                    receiver.url("/open-apis/bot/v2/hook/x"),
                    secret,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null),
                CLOCK);
        FeishuIntegration text =
            new FeishuIntegration(
                new FeishuIntegration.Config(
                    receiver.url("/open-apis/bot/v2/hook/x"),
                    null,
                    "text",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null),
                CLOCK)) {
      card.send(notification()).join();
      JsonNode body = receiver.received().getFirst().json();
      long seconds = NOW.getEpochSecond();
      assertThat(body.get("timestamp").asText()).isEqualTo(Long.toString(seconds));
      // Feishu's own recipe: Base64(HmacSHA256(key = timestamp + "\n" + secret, data = nothing)).
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              (seconds + "\n" + secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      assertThat(body.get("sign").asText())
          .isEqualTo(java.util.Base64.getEncoder().encodeToString(mac.doFinal(new byte[0])));
      assertThat(body.get("msg_type").asText()).isEqualTo("interactive");
      assertThat(body.at("/card/header/title/tag").asText()).isEqualTo("plain_text");
      assertThat(body.at("/card/header/title/content").asText())
          .isEqualTo("[FIRING:1] alertname=HighErrorRate");
      assertThat(body.at("/card/header/template").asText()).isEqualTo("red");
      assertThat(body.at("/card/elements/0/tag").asText()).isEqualTo("markdown");
      assertThat(body.at("/card/elements/0/content").asText()).contains("payment declined");

      text.send(notification()).join();
      JsonNode plain = receiver.received().get(1).json();
      assertThat(plain.get("msg_type").asText()).isEqualTo("text");
      assertThat(plain.has("sign")).isFalse();
      assertThat(plain.at("/content/text").asText())
          .startsWith("[FIRING:1] alertname=HighErrorRate")
          .contains(TestAlerts.TRACE_ID + " " + EXTERNAL + "/trace/" + TestAlerts.TRACE_ID);

      receiver.answer(
          r ->
              HttpResponse.of(
                  HttpStatus.OK,
                  com.linecorp.armeria.common.MediaType.JSON_UTF_8,
                  "{\"code\":19021,\"msg\":\"sign match fail or timestamp is not within one hour\"}"));
      assertThat(failure(card).retryable()).isFalse();
    }
  }

  @Test
  void aConfiguredTemplateIsUsedAndABrokenOneIsRefusedWhenConfigured() {
    try (RecordingReceiver receiver = RecordingReceiver.answering("{\"errcode\":0}");
        WeComIntegration wecom =
            new WeComIntegration(
                new WeComIntegration.Config(
                    receiver.url("/send"),
                    "{{ .Receiver }}: {{ .FiringCount }} firing",
                    "{{ .service | upper }} {{ .severity }} {{ .Status }}",
                    null,
                    1,
                    null,
                    null))) {
      wecom.send(notification()).join();
      assertThat(receiver.received().getFirst().json().at("/markdown/content").asText())
          .isEqualTo("## team-a-oncall: 1 firing\nCHECKOUT critical firing\n\n… and 1 more alerts");
    }
    assertThatThrownBy(
            () ->
                new WeComIntegration(
                    new WeComIntegration.Config(
                        "http://127.0.0.1:1/send",
                        null,
                        "{{ .x | nosuch }}",
                        null,
                        null,
                        null,
                        null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wecom_configs[].text")
        .hasMessageContaining("nosuch");
  }

  private static DeliveryException failure(Integration integration) {
    try {
      integration.send(notification()).join();
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(DeliveryException.class);
      return (DeliveryException) e.getCause();
    }
    throw new AssertionError("the send did not fail");
  }

  private static Map<String, String> query(String query) {
    Map<String, String> params = new TreeMap<>();
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      params.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return params;
  }
}
