package io.tracemate.alerting.notify.contact;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.linecorp.armeria.common.MediaType;
import io.tracemate.alerting.notify.NotifyJson;
import io.tracemate.alerting.notify.delivery.HttpClientSettings;
import io.tracemate.alerting.notify.delivery.HttpSender;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Slack through an incoming webhook, as Alertmanager's {@code slack_configs} sends it: one attachment with the
 * title (linked to the first alert's query), the alerts' text in mrkdwn, red while firing and green once
 * resolved. Thread-safe.
 */
public final class SlackIntegration implements Integration {
  /** Slack truncates longer attachment texts. */
  static final int MAX_TEXT_BYTES = 7500;

  /**
   * Alertmanager's {@code slack_configs} keys (a subset).
   *
   * @param apiUrl the incoming webhook's URL
   * @param channel the channel or user to post to (the webhook's own when absent)
   * @param username the name posts appear under
   * @param iconEmoji the emoji shown as the poster's icon
   * @param iconUrl an image shown as the poster's icon
   * @param title the title template
   * @param text the per-alert text template
   * @param sendResolved whether resolved alerts are sent (default false, Alertmanager's)
   * @param maxAlerts most alerts shown in one message (default 20)
   * @param timeout longest one post may take
   * @param httpConfig Prometheus' HTTP client keys (a proxy's authorization, TLS)
   */
  public record Config(
      @JsonProperty("api_url") String apiUrl,
      @JsonProperty("channel") String channel,
      @JsonProperty("username") String username,
      @JsonProperty("icon_emoji") String iconEmoji,
      @JsonProperty("icon_url") String iconUrl,
      @JsonProperty("title") String title,
      @JsonProperty("text") String text,
      @JsonProperty("send_resolved") Boolean sendResolved,
      @JsonProperty("max_alerts") Integer maxAlerts,
      @JsonProperty("timeout") Duration timeout,
      @JsonProperty("http_config") HttpClientSettings httpConfig) {
    public Config {
      HttpSender.checkUrl(apiUrl, "slack_configs[].api_url");
      sendResolved = sendResolved != null && sendResolved;
      maxAlerts = ContactDefaults.maxAlerts(maxAlerts);
      timeout = ContactDefaults.timeout(timeout, "slack_configs[].timeout");
      httpConfig = httpConfig == null ? HttpClientSettings.NONE : httpConfig;
    }
  }

  private final Config config;
  private final MessageTemplate template;
  private final HttpSender sender;

  public SlackIntegration(Config config) {
    this.config = config;
    this.template =
        new MessageTemplate(
            config.title(),
            config.text(),
            MessageFormat.SLACK,
            config.maxAlerts(),
            "slack_configs[]");
    this.sender = new HttpSender(config.httpConfig(), config.timeout());
  }

  @Override
  public String kind() {
    return "slack";
  }

  @Override
  public boolean sendResolved() {
    return config.sendResolved();
  }

  @Override
  public CompletableFuture<Void> send(Notification notification) {
    return sender
        .post(config.apiUrl(), MediaType.JSON_UTF_8, body(notification), Map.of())
        .thenApply(response -> null);
  }

  byte[] body(Notification notification) {
    String title = template.title(notification);
    String text = MessageTemplate.limitBytes(template.text(notification), MAX_TEXT_BYTES);
    String link =
        notification.alerts().isEmpty() ? "" : notification.alerts().getFirst().generatorUrl();
    return NotifyJson.bytes(
        out -> {
          out.writeStartObject();
          if (config.channel() != null) {
            out.writeStringField("channel", config.channel());
          }
          if (config.username() != null) {
            out.writeStringField("username", config.username());
          }
          if (config.iconEmoji() != null) {
            out.writeStringField("icon_emoji", config.iconEmoji());
          }
          if (config.iconUrl() != null) {
            out.writeStringField("icon_url", config.iconUrl());
          }
          out.writeArrayFieldStart("attachments");
          out.writeStartObject();
          out.writeStringField("title", title);
          if (!link.isEmpty()) {
            out.writeStringField("title_link", link);
          }
          out.writeStringField("text", text);
          out.writeStringField("fallback", title);
          out.writeStringField("color", notification.firingCount() > 0 ? "danger" : "good");
          out.writeArrayFieldStart("mrkdwn_in");
          out.writeString("fallback");
          out.writeString("pretext");
          out.writeString("text");
          out.writeEndArray();
          out.writeEndObject();
          out.writeEndArray();
          out.writeEndObject();
        });
  }

  @Override
  public void close() {
    sender.close();
  }
}
