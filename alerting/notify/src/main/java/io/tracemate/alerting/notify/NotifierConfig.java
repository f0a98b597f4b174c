package io.tracemate.alerting.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracemate.alerting.notify.alertmanager.AlertmanagerConfig;
import io.tracemate.alerting.notify.contact.ReceiverConfig;
import io.tracemate.alerting.notify.delivery.HttpSender;
import io.tracemate.alerting.notify.delivery.RetrySettings;
import io.tracemate.alerting.notify.route.Route;
import io.tracemate.alerting.notify.route.RouteConfig;
import io.tracemate.alerting.notify.silence.SilenceSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code alerting} block: where alerts go. Two independent paths, either or both:
 *
 * <ul>
 *   <li>Alertmanager: {@code alertmanagers} with Prometheus' {@code alerting.alertmanagers} keys, or Loki's
 *       {@code alertmanager_url} (comma-separated URLs); every Alertmanager gets every alert. Alertmanager does
 *       its own grouping, silencing and routing.
 *   <li>Built-in contact points, for teams without an Alertmanager: {@code receivers} and {@code route} with
 *       Alertmanager's keys (its {@code alertmanager.yml} blocks paste), silences and retries.
 * </ul>
 *
 * <p>Tenants: every alert carries its tenant as the label {@code tenant_label} (default {@code tenant}; empty: no
 * label), so one Alertmanager routes tenants apart with ordinary matchers; the built-in groups never mix tenants.
 * (Loki's per-tenant Alertmanager URLs are not supported: route on the label.)
 *
 * @param alertmanagerUrl Loki ruler's {@code alertmanager_url}: comma-separated Alertmanager base URLs
 * @param alertmanagers Prometheus' {@code alerting.alertmanagers}
 * @param resendDelay how often a firing alert is sent to Alertmanager again (Prometheus' {@code
 *     --rules.alert.resend-delay}, default 1m)
 * @param tenantLabel the label carrying the tenant (default {@code tenant})
 * @param externalUrl Tracemate's address as users reach it (e.g. {@code https://tracemate.example.com}): links to
 *     the UI's trace view in the evidence and the webhook's {@code externalURL}; empty: no links. The server sets it
 *     from its one external URL ({@code ruler.external_url}); {@code alerting.external_url} is that key's deprecated
 *     spelling
 * @param queueCapacity evaluations waiting for the notifier (default 1000); when full, the oldest of the same
 *     group is dropped (its successor carries the group's whole state)
 * @param retry retries of the contact points
 * @param route the contact points' routing tree
 * @param receivers the contact points
 * @param silences silences' retention and limits
 */
public record NotifierConfig(
    @JsonProperty("alertmanager_url") String alertmanagerUrl,
    @JsonProperty("alertmanagers") List<AlertmanagerConfig> alertmanagers,
    @JsonProperty("resend_delay") Duration resendDelay,
    @JsonProperty("tenant_label") String tenantLabel,
    @JsonProperty("external_url") String externalUrl,
    @JsonProperty("queue_capacity") Integer queueCapacity,
    @JsonProperty("retry") RetrySettings retry,
    @JsonProperty("route") RouteConfig route,
    @JsonProperty("receivers") List<ReceiverConfig> receivers,
    @JsonProperty("silences") SilenceSettings silences) {
  public static final NotifierConfig DEFAULTS =
      new NotifierConfig(null, null, null, null, null, null, null, null, null, null);

  public NotifierConfig {
    alertmanagerUrl = alertmanagerUrl == null ? "" : alertmanagerUrl.strip();
    alertmanagers = alertmanagers == null ? List.of() : List.copyOf(alertmanagers);
    resendDelay = resendDelay == null ? Duration.ofMinutes(1) : resendDelay;
    if (resendDelay.isNegative() || resendDelay.isZero()) {
      throw new IllegalArgumentException(
          "alerting.resend_delay must be positive, got " + resendDelay);
    }
    tenantLabel = tenantLabel == null ? "tenant" : tenantLabel;
    if (!tenantLabel.isEmpty() && !io.tracemate.common.labels.LabelNames.isValid(tenantLabel)) {
      throw new IllegalArgumentException(
          "alerting.tenant_label must be a label name or empty, got '" + tenantLabel + "'");
    }
    externalUrl = externalUrl == null ? "" : externalUrl.strip();
    if (!externalUrl.isEmpty()) {
      HttpSender.checkUrl(externalUrl, "alerting.external_url");
    }
    queueCapacity = queueCapacity == null ? 1000 : queueCapacity;
    if (queueCapacity < 1) {
      throw new IllegalArgumentException(
          "alerting.queue_capacity must be at least 1, got " + queueCapacity);
    }
    retry = retry == null ? RetrySettings.DEFAULTS : retry;
    receivers = receivers == null ? List.of() : List.copyOf(receivers);
    silences = silences == null ? SilenceSettings.DEFAULTS : silences;
    Set<String> names = new HashSet<>();
    for (ReceiverConfig receiver : receivers) {
      if (!names.add(receiver.name())) {
        throw new IllegalArgumentException(
            "alerting.receivers: the name '" + receiver.name() + "' is used twice");
      }
    }
    if (route == null && !receivers.isEmpty()) {
      throw new IllegalArgumentException(
          "alerting.route is required when alerting.receivers are configured");
    }
    if (route != null) {
      Route.resolve(route, names);
    }
    // Built once here so that a bad URL fails the start.
    allAlertmanagers(alertmanagerUrl, alertmanagers);
  }

  /** The same settings with another external URL (the server's one, resolved from its configuration). */
  public NotifierConfig withExternalUrl(String url) {
    return new NotifierConfig(
        alertmanagerUrl,
        alertmanagers,
        resendDelay,
        tenantLabel,
        url,
        queueCapacity,
        retry,
        route,
        receivers,
        silences);
  }

  /** The same settings with another {@code alertmanager_url} (Loki's ruler block names it there). */
  public NotifierConfig withAlertmanagerUrl(String urls) {
    return new NotifierConfig(
        urls,
        alertmanagers,
        resendDelay,
        tenantLabel,
        externalUrl,
        queueCapacity,
        retry,
        route,
        receivers,
        silences);
  }

  /** Every Alertmanager set: {@code alertmanagers}, then one per URL of {@code alertmanager_url}. */
  public List<AlertmanagerConfig> allAlertmanagers() {
    return allAlertmanagers(alertmanagerUrl, alertmanagers);
  }

  private static List<AlertmanagerConfig> allAlertmanagers(
      String alertmanagerUrl, List<AlertmanagerConfig> alertmanagers) {
    List<AlertmanagerConfig> all = new ArrayList<>(alertmanagers);
    if (!alertmanagerUrl.isEmpty()) {
      for (String url : alertmanagerUrl.split(",")) {
        if (!url.isBlank()) {
          all.add(AlertmanagerConfig.ofUrl(url.strip()));
        }
      }
    }
    return all;
  }

  /** The resolved routing tree, or null when no contact point is configured. */
  public Route resolvedRoute() {
    if (route == null) {
      return null;
    }
    Set<String> names = new HashSet<>();
    receivers.forEach(r -> names.add(r.name()));
    return Route.resolve(route, names);
  }

  /** Whether anything would be notified at all. */
  public boolean enabled() {
    return !allAlertmanagers().isEmpty() || route != null;
  }
}
