package io.tracemate.alerting.notify.contact;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.linecorp.armeria.common.MediaType;
import io.tracemate.alerting.notify.NotifyJson;
import io.tracemate.alerting.notify.delivery.HttpClientSettings;
import io.tracemate.alerting.notify.delivery.HttpSender;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * DingTalk (钉钉) custom robot: {@code {"msgtype": "markdown", "markdown": {"title", "text"}, "at": {"atMobiles",
 * "isAtAll"}}} posted to the robot's webhook URL ({@code access_token} in its query). With a signing secret the
 * URL also gets {@code timestamp} (milliseconds) and {@code sign} ({@link RobotSignatures#dingTalk}). The robot
 * answers {@code errcode} 0 when it posted; 130101 and 410100 (sending too fast) are retried. Text is cut to
 * {@value #MAX_TEXT_BYTES} bytes. Thread-safe.
 */
public final class DingTalkIntegration implements Integration {
  static final int MAX_TEXT_BYTES = 18000;
  private static final Set<Integer> RATE_LIMITED = Set.of(130101, 410100);

  /**
   * @param url the robot's webhook URL ({@code .../robot/send?access_token=...})
   * @param secret the robot's signing secret ({@code SEC...}), when it has one
   * @param title the title template
   * @param text the per-alert text template
   * @param atMobiles mobile numbers to mention (@) in the message
   * @param isAtAll mention everyone
   * @param sendResolved whether resolved alerts are sent (default true)
   * @param maxAlerts most alerts shown in one message (default 20)
   * @param timeout longest one post may take
   * @param httpConfig Prometheus' HTTP client keys (a proxy's authorization, TLS)
   */
  public record Config(
      @JsonProperty("url") String url,
      @JsonProperty("secret") String secret,
      @JsonProperty("title") String title,
      @JsonProperty("text") String text,
      @JsonProperty("at_mobiles") List<String> atMobiles,
      @JsonProperty("is_at_all") Boolean isAtAll,
      @JsonProperty("send_resolved") Boolean sendResolved,
      @JsonProperty("max_alerts") Integer maxAlerts,
      @JsonProperty("timeout") Duration timeout,
      @JsonProperty("http_config") HttpClientSettings httpConfig) {
    public Config {
      HttpSender.checkUrl(url, "dingtalk_configs[].url");
      secret = secret == null ? "" : secret;
      atMobiles = atMobiles == null ? List.of() : List.copyOf(atMobiles);
      isAtAll = isAtAll != null && isAtAll;
      sendResolved = sendResolved == null || sendResolved;
      maxAlerts = ContactDefaults.maxAlerts(maxAlerts);
      timeout = ContactDefaults.timeout(timeout, "dingtalk_configs[].timeout");
      httpConfig = httpConfig == null ? HttpClientSettings.NONE : httpConfig;
    }

    @Override
    public String toString() {
      return "DingTalk[" + HttpSender.redacted(url) + "]";
    }
  }

  private final Config config;
  private final MessageTemplate template;
  private final HttpSender sender;
  private final Clock clock;

  public DingTalkIntegration(Config config, Clock clock) {
    this.config = config;
    this.template =
        new MessageTemplate(
            config.title(),
            config.text(),
            MessageFormat.MARKDOWN,
            config.maxAlerts(),
            "dingtalk_configs[]");
    this.sender = new HttpSender(config.httpConfig(), config.timeout());
    this.clock = clock;
  }

  @Override
  public String kind() {
    return "dingtalk";
  }

  @Override
  public boolean sendResolved() {
    return config.sendResolved();
  }

  @Override
  public CompletableFuture<Void> send(Notification notification) {
    return sender
        .post(signedUrl(), MediaType.JSON_UTF_8, body(notification), Map.of())
        .thenApply(
            response -> {
              RobotAnswer.check("DingTalk", response, RATE_LIMITED, "errcode");
              return null;
            });
  }

  private String signedUrl() {
    if (config.secret().isEmpty()) {
      return config.url();
    }
    long timestamp = clock.millis();
    String sign =
        URLEncoder.encode(
            RobotSignatures.dingTalk(timestamp, config.secret()), StandardCharsets.UTF_8);
    String separator = config.url().contains("?") ? "&" : "?";
    return config.url() + separator + "timestamp=" + timestamp + "&sign=" + sign;
  }

  byte[] body(Notification notification) {
    String title = template.title(notification);
    StringBuilder text = new StringBuilder("#### ").append(title).append("\n\n");
    text.append(template.text(notification));
    for (String mobile : config.atMobiles()) {
      text.append(" @").append(mobile);
    }
    String bounded = MessageTemplate.limitBytes(text.toString(), MAX_TEXT_BYTES);
    return NotifyJson.bytes(
        out -> {
          out.writeStartObject();
          out.writeStringField("msgtype", "markdown");
          out.writeObjectFieldStart("markdown");
          out.writeStringField("title", title);
          out.writeStringField("text", bounded);
          out.writeEndObject();
          out.writeObjectFieldStart("at");
          out.writeArrayFieldStart("atMobiles");
          for (String mobile : config.atMobiles()) {
            out.writeString(mobile);
          }
          out.writeEndArray();
          out.writeBooleanField("isAtAll", config.isAtAll());
          out.writeEndObject();
          out.writeEndObject();
        });
  }

  @Override
  public void close() {
    sender.close();
  }
}
