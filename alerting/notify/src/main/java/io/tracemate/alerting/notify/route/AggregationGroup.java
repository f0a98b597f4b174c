package io.tracemate.alerting.notify.route;

import io.tracemate.alerting.notify.NotifiedAlert;
import io.tracemate.common.tenant.TenantId;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The alerts of one route with the same group labels (and tenant): what one notification is about. Holds its
 * alerts by fingerprint, when it next flushes, and per integration of its receiver the last notification that was
 * delivered (Alertmanager's notification log entry). Not thread-safe: confined to the notifier's thread.
 */
final class AggregationGroup {
  /** What one integration last delivered for this group. */
  record Delivered(Set<String> firing, Set<String> resolved, Instant at) {}

  final Route route;
  final TenantId tenant;
  final SortedMap<String, String> groupLabels;
  final String key;
  final Map<String, NotifiedAlert> alerts = new LinkedHashMap<>();
  final Map<Integer, Delivered> delivered = new HashMap<>();

  /**
   * Resolved alerts already delivered and let go, with their end: the evaluator keeps reporting a resolution for
   * 15 minutes, and those reports must not bring it back.
   */
  final Map<String, Instant> retired = new HashMap<>();

  Instant nextFlush;

  /** Deliveries of the last flush still running: a group does not flush over itself. */
  int inFlight;

  AggregationGroup(
      Route route,
      TenantId tenant,
      SortedMap<String, String> groupLabels,
      String key,
      Instant nextFlush) {
    this.route = route;
    this.tenant = tenant;
    this.groupLabels = groupLabels;
    this.key = key;
    this.nextFlush = nextFlush;
  }

  /**
   * Alertmanager's {@code DedupStage.needsUpdate}: notify when nothing was delivered yet and something fires;
   * when an alert fires that the last notification did not carry; when everything that fired is now resolved;
   * when newly resolved alerts are to be sent; or when the repeat interval has passed.
   */
  boolean needsUpdate(
      Delivered last, Set<String> firing, Set<String> resolved, boolean sendResolved, Instant now) {
    if (last == null) {
      return !firing.isEmpty();
    }
    if (!last.firing().containsAll(firing)) {
      return true;
    }
    if (firing.isEmpty()) {
      return !last.firing().isEmpty();
    }
    if (sendResolved && !last.resolved().containsAll(resolved)) {
      return true;
    }
    return !last.at().plus(route.repeatInterval()).isAfter(now);
  }
}
