package io.tracemate.alerting.notify.contact;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracemate.alerting.notify.delivery.HttpClientSettings;
import io.tracemate.alerting.notify.delivery.HttpSender;
import java.time.Duration;

/**
 * Alertmanager's {@code webhook_configs} entry: the webhook body (version 4) posted to {@code url}.
 *
 * @param url where to post
 * @param sendResolved whether resolved alerts are sent (default true, Alertmanager's)
 * @param maxAlerts most alerts in one body, 0 = all (the rest are counted in {@code truncatedAlerts})
 * @param timeout longest one post may take (default 10s)
 * @param httpConfig {@code basic_auth}, {@code authorization}, {@code tls_config}
 */
public record WebhookConfig(
    @JsonProperty("url") String url,
    @JsonProperty("send_resolved") Boolean sendResolved,
    @JsonProperty("max_alerts") Integer maxAlerts,
    @JsonProperty("timeout") Duration timeout,
    @JsonProperty("http_config") HttpClientSettings httpConfig) {
  public WebhookConfig {
    HttpSender.checkUrl(url, "webhook_configs[].url");
    sendResolved = sendResolved == null || sendResolved;
    maxAlerts = maxAlerts == null ? 0 : maxAlerts;
    if (maxAlerts < 0) {
      throw new IllegalArgumentException("webhook_configs[].max_alerts must not be negative");
    }
    timeout = ContactDefaults.timeout(timeout, "webhook_configs[].timeout");
    httpConfig = httpConfig == null ? HttpClientSettings.NONE : httpConfig;
  }
}
