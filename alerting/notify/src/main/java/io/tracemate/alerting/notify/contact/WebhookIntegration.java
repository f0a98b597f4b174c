package io.tracemate.alerting.notify.contact;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.MediaType;
import io.tracemate.alerting.model.Evidence;
import io.tracemate.alerting.notify.NotifiedAlert;
import io.tracemate.alerting.notify.NotifyJson;
import io.tracemate.alerting.notify.delivery.HttpSender;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The generic webhook: Alertmanager's webhook body, version 4 ({@code receiver, status, alerts[], groupLabels,
 * commonLabels, commonAnnotations, externalURL, version, groupKey, truncatedAlerts}; each alert {@code status,
 * labels, annotations, startsAt, endsAt, generatorURL, fingerprint}), so whatever reads Alertmanager's webhooks
 * reads ours. A firing alert's {@code endsAt} is Go's zero time, as Alertmanager sends it. Each alert also
 * carries {@code evidence}: {@code logLines [{time, labels, line}]}, {@code traceIds}, {@code traceLinks},
 * {@code url} (receivers that do not know the field ignore it; the evidence annotations say the same in text). Thread-safe.
 */
public final class WebhookIntegration implements Integration {
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private final WebhookConfig config;
  private final HttpSender sender;

  public WebhookIntegration(WebhookConfig config) {
    this.config = config;
    this.sender = new HttpSender(config.httpConfig(), config.timeout());
  }

  @Override
  public String kind() {
    return "webhook";
  }

  @Override
  public boolean sendResolved() {
    return config.sendResolved();
  }

  @Override
  public CompletableFuture<Void> send(Notification notification) {
    return sender
        .post(config.url(), MediaType.JSON_UTF_8, body(notification, config.maxAlerts()), Map.of())
        .thenApply(response -> null);
  }

  /** The version 4 body, with at most {@code maxAlerts} alerts (0: all). */
  static byte[] body(Notification notification, int maxAlerts) {
    List<NotifiedAlert> alerts = notification.alerts();
    int shown = maxAlerts == 0 ? alerts.size() : Math.min(maxAlerts, alerts.size());
    return NotifyJson.bytes(
        out -> {
          out.writeStartObject();
          out.writeStringField("receiver", notification.receiver());
          out.writeStringField("status", notification.status());
          out.writeArrayFieldStart("alerts");
          for (NotifiedAlert alert : alerts.subList(0, shown)) {
            writeAlert(out, alert);
          }
          out.writeEndArray();
          NotifyJson.writeStringMap(out, "groupLabels", notification.groupLabels());
          NotifyJson.writeStringMap(out, "commonLabels", notification.commonLabels());
          NotifyJson.writeStringMap(out, "commonAnnotations", notification.commonAnnotations());
          out.writeStringField("externalURL", notification.externalUrl());
          out.writeStringField("version", "4");
          out.writeStringField("groupKey", notification.groupKey());
          out.writeNumberField("truncatedAlerts", alerts.size() - shown);
          out.writeEndObject();
        });
  }

  private static void writeAlert(JsonGenerator out, NotifiedAlert alert) throws IOException {
    out.writeStartObject();
    out.writeStringField("status", alert.status());
    NotifyJson.writeStringMap(out, "labels", alert.labels());
    NotifyJson.writeStringMap(out, "annotations", alert.annotations());
    out.writeStringField("startsAt", alert.startsAt().toString());
    out.writeStringField("endsAt", alert.resolved() ? alert.endsAt().toString() : ZERO_TIME);
    out.writeStringField("generatorURL", alert.generatorUrl());
    out.writeStringField("fingerprint", alert.fingerprint());
    out.writeObjectFieldStart("evidence");
    out.writeArrayFieldStart("logLines");
    for (Evidence.LogLine line : alert.evidence().logLines()) {
      out.writeStartObject();
      out.writeStringField("time", line.time().toString());
      NotifyJson.writeStringMap(out, "labels", line.labels());
      out.writeStringField("line", line.line());
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeArrayFieldStart("traceIds");
    for (String id : alert.evidence().traceIds()) {
      out.writeString(id);
    }
    out.writeEndArray();
    out.writeArrayFieldStart("traceLinks");
    for (String link : alert.evidence().traceLinks()) {
      out.writeString(link);
    }
    out.writeEndArray();
    out.writeStringField("url", alert.evidence().url());
    out.writeEndObject();
    out.writeEndObject();
  }

  @Override
  public void close() {
    sender.close();
  }
}
