package io.tracemate.alerting.notify.route;

import io.tracemate.alerting.notify.NotifiedAlert;
import io.tracemate.alerting.notify.contact.Integration;
import io.tracemate.alerting.notify.contact.Notification;
import io.tracemate.alerting.notify.delivery.Retrier;
import io.tracemate.alerting.notify.silence.SilenceStore;
import io.tracemate.common.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Alertmanager's dispatcher in miniature, for the built-in contact points: routes each firing or resolved alert
 * into aggregation groups ({@link Route#match}, grouped by the route's {@code group_by} labels and the tenant),
 * flushes a new group after {@code group_wait} and then every {@code group_interval}, and at each flush sends a
 * group's unsilenced alerts to each integration of its receiver when Alertmanager would ({@link
 * AggregationGroup#needsUpdate}): new firing alerts, everything resolved, newly resolved ones (with {@code
 * send_resolved}), or the {@code repeat_interval} passed. A firing alert whose promised end passes without news
 * (its rule was deleted, the evaluator stopped) counts as resolved then, as in Alertmanager. Resolved alerts
 * leave the group once every integration has delivered them; an empty group is dropped.
 *
 * <p>Deliveries run through the {@link Retrier}, so a failing receiver holds no thread and delays no other
 * group; their outcome comes back to the notifier's thread through {@code home}. Not thread-safe: confined to
 * the notifier's thread.
 */
public final class GroupDispatcher {
  private static final java.time.Duration RETIRED_FOR = java.time.Duration.ofMinutes(30);

  private final Route root;
  private final Map<String, List<Integration>> receivers;
  private final SilenceStore silences;
  private final Retrier retrier;
  private final Executor home;
  private final String externalUrl;
  private final Map<String, AggregationGroup> groups = new LinkedHashMap<>();

  /**
   * @param receivers each receiver's integrations, by name
   * @param home the notifier's thread: delivery outcomes are applied there
   */
  public GroupDispatcher(
      Route root,
      Map<String, List<Integration>> receivers,
      SilenceStore silences,
      Retrier retrier,
      Executor home,
      String externalUrl) {
    this.root = root;
    this.receivers = Map.copyOf(receivers);
    this.silences = silences;
    this.retrier = retrier;
    this.home = home;
    this.externalUrl = externalUrl;
  }

  /** Adds or updates the firing and resolved alerts of one evaluation. */
  public void update(List<NotifiedAlert> alerts, Instant now) {
    for (NotifiedAlert alert : alerts) {
      for (Route route : root.match(alert.labels())) {
        SortedMap<String, String> groupLabels = groupLabels(route, alert.labels());
        String key = groupKey(route, alert.tenant(), groupLabels);
        AggregationGroup group = groups.get(key);
        if (group == null) {
          if (alert.resolved()) {
            // A group that never saw the alert fire has nothing to tell about its resolution.
            continue;
          }
          group =
              new AggregationGroup(
                  route, alert.tenant(), groupLabels, key, now.plus(route.groupWait()));
          groups.put(key, group);
        }
        if (alert.resolved()) {
          if (alert.endsAt().equals(group.retired.get(alert.fingerprint()))) {
            continue;
          }
        } else {
          group.retired.remove(alert.fingerprint());
        }
        group.alerts.put(alert.fingerprint(), alert);
      }
    }
  }

  /** Flushes every group that is due. */
  public void tick(Instant now) {
    for (AggregationGroup group : List.copyOf(groups.values())) {
      if (group.inFlight == 0 && !group.nextFlush.isAfter(now)) {
        group.nextFlush = now.plus(group.route.groupInterval());
        flush(group, now);
      }
    }
  }

  /** Groups now held (the queue gauges, tests). */
  public int groupCount() {
    return groups.size();
  }

  private void flush(AggregationGroup group, Instant now) {
    expireStale(group, now);
    List<NotifiedAlert> firing = new ArrayList<>();
    List<NotifiedAlert> resolved = new ArrayList<>();
    for (NotifiedAlert alert : group.alerts.values()) {
      if (silences.silenced(group.tenant, alert.labels(), now)) {
        continue;
      }
      (alert.resolved() ? resolved : firing).add(alert);
    }
    Set<String> firingIds = fingerprints(firing);
    Set<String> resolvedIds = fingerprints(resolved);
    Map<String, NotifiedAlert> resolvedNow = new HashMap<>();
    group.alerts.forEach(
        (fingerprint, alert) -> {
          if (alert.resolved()) {
            resolvedNow.put(fingerprint, alert);
          }
        });
    List<Integration> integrations = receivers.getOrDefault(group.route.receiver(), List.of());
    List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
    for (int i = 0; i < integrations.size(); i++) {
      Integration integration = integrations.get(i);
      AggregationGroup.Delivered last = group.delivered.get(i);
      if (!group.needsUpdate(last, firingIds, resolvedIds, integration.sendResolved(), now)) {
        continue;
      }
      List<NotifiedAlert> send = new ArrayList<>(firing);
      if (integration.sendResolved()) {
        send.addAll(resolved);
      }
      AggregationGroup.Delivered entry =
          new AggregationGroup.Delivered(firingIds, resolvedIds, now);
      if (send.isEmpty()) {
        group.delivered.put(i, entry);
        continue;
      }
      Notification notification =
          new Notification(group.route.receiver(), group.key, group.groupLabels, send, externalUrl);
      int index = i;
      group.inFlight++;
      outcomes.add(
          retrier
              .deliver(group.route.receiver(), integration, notification)
              .handleAsync(
                  (ok, failure) -> {
                    group.inFlight--;
                    if (failure == null) {
                      group.delivered.put(index, entry);
                    }
                    return failure == null;
                  },
                  home));
    }
    CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
        .thenRunAsync(
            () -> {
              if (outcomes.stream().allMatch(CompletableFuture::join)) {
                resolvedNow.forEach(
                    (fingerprint, alert) -> {
                      if (group.alerts.remove(fingerprint, alert)) {
                        group.retired.put(fingerprint, alert.endsAt());
                      }
                    });
              }
              if (group.alerts.isEmpty() && groups.get(group.key) == group) {
                groups.remove(group.key);
              }
            },
            home);
  }

  /** Firing alerts whose promised end passed without news are resolved at that end. */
  private static void expireStale(AggregationGroup group, Instant now) {
    // The evaluator reports a resolution for 15 minutes; after twice that none can come back.
    group.retired.values().removeIf(end -> end.isBefore(now.minus(RETIRED_FOR)));
    group.alerts.replaceAll(
        (fingerprint, alert) ->
            !alert.resolved() && alert.endsAt().isBefore(now)
                ? new NotifiedAlert(
                    alert.tenant(),
                    alert.labels(),
                    alert.annotations(),
                    true,
                    alert.startsAt(),
                    alert.endsAt(),
                    alert.generatorUrl(),
                    alert.evidence(),
                    alert.fingerprint())
                : alert);
  }

  private static Set<String> fingerprints(List<NotifiedAlert> alerts) {
    Set<String> ids = new HashSet<>();
    alerts.forEach(a -> ids.add(a.fingerprint()));
    return Set.copyOf(ids);
  }

  private static SortedMap<String, String> groupLabels(Route route, Map<String, String> labels) {
    if (route.groupByAll()) {
      return new TreeMap<>(labels);
    }
    SortedMap<String, String> group = new TreeMap<>();
    for (String name : route.groupBy()) {
      String value = labels.get(name);
      if (value != null) {
        group.put(name, value);
      }
    }
    return group;
  }

  /** Alertmanager's group key ({@code <route key>:{<group labels>}}), the tenant first so tenants never mix. */
  private static String groupKey(
      Route route, TenantId tenant, SortedMap<String, String> groupLabels) {
    StringBuilder key = new StringBuilder(route.key()).append(":{");
    boolean first = true;
    for (Map.Entry<String, String> label : groupLabels.entrySet()) {
      if (!first) {
        key.append(", ");
      }
      first = false;
      key.append(label.getKey()).append("=\"").append(label.getValue()).append('"');
    }
    key.append('}');
    return tenant.value() + "/" + key;
  }
}
