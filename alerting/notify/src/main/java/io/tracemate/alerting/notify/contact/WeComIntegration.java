package io.tracemate.alerting.notify.contact;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.linecorp.armeria.common.MediaType;
import io.tracemate.alerting.notify.NotifyJson;
import io.tracemate.alerting.notify.delivery.HttpClientSettings;
import io.tracemate.alerting.notify.delivery.HttpSender;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * WeCom (企业微信) group robot: {@code {"msgtype": "markdown", "markdown": {"content": ...}}} posted to the
 * robot's webhook URL (with its {@code key}); the content is the title as a heading, then the alerts, cut to the
 * robot's {@value #MAX_CONTENT_BYTES} bytes. The robot answers {@code errcode} 0 when it posted; 45009 (rate
 * limit: 20 messages a minute) is retried. Thread-safe.
 */
public final class WeComIntegration implements Integration {
  static final int MAX_CONTENT_BYTES = 4096;
  private static final Set<Integer> RATE_LIMITED = Set.of(45009);

  /**
   * @param url the robot's webhook URL ({@code .../cgi-bin/webhook/send?key=...})
   * @param title the title template
   * @param text the per-alert text template
   * @param sendResolved whether resolved alerts are sent (default true)
   * @param maxAlerts most alerts shown in one message (default 20)
   * @param timeout longest one post may take
   * @param httpConfig Prometheus' HTTP client keys (a proxy's authorization, TLS)
   */
  public record Config(
      @JsonProperty("url") String url,
      @JsonProperty("title") String title,
      @JsonProperty("text") String text,
      @JsonProperty("send_resolved") Boolean sendResolved,
      @JsonProperty("max_alerts") Integer maxAlerts,
      @JsonProperty("timeout") Duration timeout,
      @JsonProperty("http_config") HttpClientSettings httpConfig) {
    public Config {
      HttpSender.checkUrl(url, "wecom_configs[].url");
      sendResolved = sendResolved == null || sendResolved;
      maxAlerts = ContactDefaults.maxAlerts(maxAlerts);
      timeout = ContactDefaults.timeout(timeout, "wecom_configs[].timeout");
      httpConfig = httpConfig == null ? HttpClientSettings.NONE : httpConfig;
    }

    @Override
    public String toString() {
      return "WeCom[" + HttpSender.redacted(url) + "]";
    }
  }

  private final Config config;
  private final MessageTemplate template;
  private final HttpSender sender;

  public WeComIntegration(Config config) {
    this.config = config;
    this.template =
        new MessageTemplate(
            config.title(),
            config.text(),
            MessageFormat.MARKDOWN,
            config.maxAlerts(),
            "wecom_configs[]");
    this.sender = new HttpSender(config.httpConfig(), config.timeout());
  }

  @Override
  public String kind() {
    return "wecom";
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
              RobotAnswer.check("WeCom", response, RATE_LIMITED, "errcode");
              return null;
            });
  }

  byte[] body(Notification notification) {
    String content =
        MessageTemplate.limitBytes(
            "## " + template.title(notification) + "\n" + template.text(notification),
            MAX_CONTENT_BYTES);
    return NotifyJson.bytes(
        out -> {
          out.writeStartObject();
          out.writeStringField("msgtype", "markdown");
          out.writeObjectFieldStart("markdown");
          out.writeStringField("content", content);
          out.writeEndObject();
          out.writeEndObject();
        });
  }

  @Override
  public void close() {
    sender.close();
  }
}
