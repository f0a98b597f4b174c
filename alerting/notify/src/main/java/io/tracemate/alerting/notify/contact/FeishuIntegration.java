package io.tracemate.alerting.notify.contact;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.linecorp.armeria.common.MediaType;
import io.tracemate.alerting.notify.NotifyJson;
import io.tracemate.alerting.notify.delivery.HttpClientSettings;
import io.tracemate.alerting.notify.delivery.HttpSender;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Feishu / Lark custom bot (自定义机器人), posted to its webhook URL: {@code msg_type} {@code interactive} (the
 * default: a card with the title in a red or green header and the alerts as its markdown element) or {@code text}
 * ({@code {"content": {"text": ...}}}). With a signing secret the body also has {@code timestamp} (seconds) and
 * {@code sign} ({@link RobotSignatures#feishu}). The bot answers {@code code} 0 (older versions {@code
 * StatusCode}) when it posted; 11232 (rate limit) is retried. Text is cut to {@value #MAX_TEXT_BYTES} bytes
 * (the bot refuses bodies over 20 KB). Thread-safe.
 */
public final class FeishuIntegration implements Integration {
  static final int MAX_TEXT_BYTES = 18000;
  private static final Set<Integer> RATE_LIMITED = Set.of(11232);

  /**
   * @param url the bot's webhook URL ({@code .../open-apis/bot/v2/hook/...})
   * @param secret the bot's signing secret, when it has one
   * @param msgType {@code interactive} (default) or {@code text}
   * @param title the title template
   * @param text the per-alert text template
   * @param sendResolved whether resolved alerts are sent (default true)
   * @param maxAlerts most alerts shown in one message (default 20)
   * @param timeout longest one post may take
   * @param httpConfig Prometheus' HTTP client keys (a proxy's authorization, TLS)
   */
  public record Config(
      @JsonProperty("url") String url,
      @JsonProperty("secret") String secret,
      @JsonProperty("msg_type") String msgType,
      @JsonProperty("title") String title,
      @JsonProperty("text") String text,
      @JsonProperty("send_resolved") Boolean sendResolved,
      @JsonProperty("max_alerts") Integer maxAlerts,
      @JsonProperty("timeout") Duration timeout,
      @JsonProperty("http_config") HttpClientSettings httpConfig) {
    public Config {
      HttpSender.checkUrl(url, "feishu_configs[].url");
      secret = secret == null ? "" : secret;
      msgType = msgType == null ? "interactive" : msgType;
      if (!msgType.equals("interactive") && !msgType.equals("text")) {
        throw new IllegalArgumentException(
            "feishu_configs[].msg_type must be interactive or text, got " + msgType);
      }
      sendResolved = sendResolved == null || sendResolved;
      maxAlerts = ContactDefaults.maxAlerts(maxAlerts);
      timeout = ContactDefaults.timeout(timeout, "feishu_configs[].timeout");
      httpConfig = httpConfig == null ? HttpClientSettings.NONE : httpConfig;
    }

    @Override
    public String toString() {
      return "Feishu[" + HttpSender.redacted(url) + ", " + msgType + "]";
    }
  }

  private final Config config;
  private final MessageTemplate template;
  private final HttpSender sender;
  private final Clock clock;

  public FeishuIntegration(Config config, Clock clock) {
    this.config = config;
    this.template =
        new MessageTemplate(
            config.title(),
            config.text(),
            config.msgType().equals("text") ? MessageFormat.PLAIN : MessageFormat.MARKDOWN,
            config.maxAlerts(),
            "feishu_configs[]");
    this.sender = new HttpSender(config.httpConfig(), config.timeout());
    this.clock = clock;
  }

  @Override
  public String kind() {
    return "feishu";
  }

  @Override
  public boolean sendResolved() {
    return config.sendResolved();
  }

  @Override
  public CompletableFuture<Void> send(Notification notification) {
    return sender
        .post(config.url(), MediaType.JSON_UTF_8, body(notification), Map.of())
        .thenApply(
            response -> {
              RobotAnswer.check("Feishu", response, RATE_LIMITED, "code", "StatusCode");
              return null;
            });
  }

  byte[] body(Notification notification) {
    String title = template.title(notification);
    String text = MessageTemplate.limitBytes(template.text(notification), MAX_TEXT_BYTES);
    long timestamp = clock.millis() / 1000;
    return NotifyJson.bytes(
        out -> {
          out.writeStartObject();
          if (!config.secret().isEmpty()) {
            out.writeStringField("timestamp", Long.toString(timestamp));
            out.writeStringField("sign", RobotSignatures.feishu(timestamp, config.secret()));
          }
          out.writeStringField("msg_type", config.msgType());
          if (config.msgType().equals("text")) {
            out.writeObjectFieldStart("content");
            out.writeStringField("text", title + "\n" + text);
            out.writeEndObject();
          } else {
            out.writeObjectFieldStart("card");
            out.writeObjectFieldStart("config");
            out.writeBooleanField("wide_screen_mode", true);
            out.writeEndObject();
            out.writeObjectFieldStart("header");
            out.writeObjectFieldStart("title");
            out.writeStringField("tag", "plain_text");
            out.writeStringField("content", title);
            out.writeEndObject();
            out.writeStringField("template", notification.firingCount() > 0 ? "red" : "green");
            out.writeEndObject();
            out.writeArrayFieldStart("elements");
            out.writeStartObject();
            out.writeStringField("tag", "markdown");
            out.writeStringField("content", text);
            out.writeEndObject();
            out.writeEndArray();
            out.writeEndObject();
          }
          out.writeEndObject();
        });
  }

  @Override
  public void close() {
    sender.close();
  }
}
