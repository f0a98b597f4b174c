package io.tracemate.alerting.notify.contact;

import io.tracemate.alerting.notify.NotifiedAlert;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One message to one receiver: the alerts of one aggregation group at one flush, as Alertmanager's notification
 * pipeline hands them to an integration.
 *
 * @param receiver the receiver's name
 * @param groupKey the aggregation group's key (Alertmanager's shape: the route's matchers, then the group labels)
 * @param groupLabels the labels the route groups by, with their values in this group
 * @param alerts its firing alerts, then its resolved ones (resolved only when the integration sends them)
 * @param externalUrl the UI's address, empty when not configured
 */
public record Notification(
    String receiver,
    String groupKey,
    SortedMap<String, String> groupLabels,
    List<NotifiedAlert> alerts,
    String externalUrl) {
  public Notification {
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(groupKey, "groupKey");
    groupLabels = Collections.unmodifiableSortedMap(new TreeMap<>(groupLabels));
    alerts = List.copyOf(alerts);
    Objects.requireNonNull(externalUrl, "externalUrl");
  }

  /** "firing" when any alert fires, else "resolved" (Alertmanager's rule). */
  public String status() {
    return firingCount() > 0 ? "firing" : "resolved";
  }

  public int firingCount() {
    return (int) alerts.stream().filter(a -> !a.resolved()).count();
  }

  public int resolvedCount() {
    return alerts.size() - firingCount();
  }

  /** The labels every alert has with the same value. */
  public SortedMap<String, String> commonLabels() {
    return common(alerts.stream().map(NotifiedAlert::labels).toList());
  }

  /** The annotations every alert has with the same value. */
  public Map<String, String> commonAnnotations() {
    return common(alerts.stream().map(NotifiedAlert::annotations).toList());
  }

  /** The same notification with other alerts (the ones an integration sends). */
  public Notification withAlerts(List<NotifiedAlert> subset) {
    return new Notification(receiver, groupKey, groupLabels, subset, externalUrl);
  }

  private static SortedMap<String, String> common(List<? extends Map<String, String>> maps) {
    SortedMap<String, String> common = new TreeMap<>();
    if (maps.isEmpty()) {
      return common;
    }
    common.putAll(maps.getFirst());
    for (Map<String, String> map : maps.subList(1, maps.size())) {
      common.entrySet().removeIf(e -> !e.getValue().equals(map.get(e.getKey())));
    }
    return common;
  }

  /** {@code k="v", ...} in name order, for messages. */
  public static String pairs(Map<String, String> labels) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> label : new LinkedHashMap<>(labels).entrySet()) {
      if (!out.isEmpty()) {
        out.append(", ");
      }
      out.append(label.getKey()).append('=').append(label.getValue());
    }
    return out.toString();
  }
}
