package io.tracemate.alerting.notify.contact;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One contact point, as Alertmanager's {@code receivers} entry: a name and any number of integrations of each
 * kind; every notification routed to it goes to each of them. {@code wecom_configs}, {@code dingtalk_configs}
 * and {@code feishu_configs} are Tracemate's (Alertmanager has none for the group robots).
 *
 * @param name what routes name it by
 */
public record ReceiverConfig(
    @JsonProperty("name") String name,
    @JsonProperty("webhook_configs") List<WebhookConfig> webhookConfigs,
    @JsonProperty("slack_configs") List<SlackIntegration.Config> slackConfigs,
    @JsonProperty("wecom_configs") List<WeComIntegration.Config> wecomConfigs,
    @JsonProperty("dingtalk_configs") List<DingTalkIntegration.Config> dingtalkConfigs,
    @JsonProperty("feishu_configs") List<FeishuIntegration.Config> feishuConfigs,
    @JsonProperty("email_configs") List<EmailIntegration.Config> emailConfigs) {
  public ReceiverConfig {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("alerting.receivers[].name is required");
    }
    webhookConfigs = webhookConfigs == null ? List.of() : List.copyOf(webhookConfigs);
    slackConfigs = slackConfigs == null ? List.of() : List.copyOf(slackConfigs);
    wecomConfigs = wecomConfigs == null ? List.of() : List.copyOf(wecomConfigs);
    dingtalkConfigs = dingtalkConfigs == null ? List.of() : List.copyOf(dingtalkConfigs);
    feishuConfigs = feishuConfigs == null ? List.of() : List.copyOf(feishuConfigs);
    emailConfigs = emailConfigs == null ? List.of() : List.copyOf(emailConfigs);
  }

  /** A receiver with webhooks only (tests, embedding). */
  public static ReceiverConfig webhooks(String name, WebhookConfig... webhooks) {
    return new ReceiverConfig(name, List.of(webhooks), null, null, null, null, null);
  }

  /** Builds its integrations; the caller closes them. */
  public List<Integration> integrations(Clock clock) {
    List<Integration> integrations = new ArrayList<>();
    webhookConfigs.forEach(c -> integrations.add(new WebhookIntegration(c)));
    slackConfigs.forEach(c -> integrations.add(new SlackIntegration(c)));
    wecomConfigs.forEach(c -> integrations.add(new WeComIntegration(c)));
    dingtalkConfigs.forEach(c -> integrations.add(new DingTalkIntegration(c, clock)));
    feishuConfigs.forEach(c -> integrations.add(new FeishuIntegration(c, clock)));
    emailConfigs.forEach(c -> integrations.add(new EmailIntegration(c, clock)));
    return integrations;
  }
}
