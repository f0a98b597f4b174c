package io.tracemate.alerting.notify.route;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * Alertmanager's {@code route} block, in miniature: which receiver gets an alert and how alerts are grouped into
 * notifications. A child route inherits every key its parent sets and it does not; an alert goes down the first
 * child whose matchers match, and on to the next ones only while the matching child says {@code continue}; an
 * alert no child takes stays with the parent.
 *
 * @param receiver the receiver's name (required at the top)
 * @param groupBy labels whose values form a group; {@code ['...']} groups by every label (each alert alone);
 *     empty: one group for the route (the tenant is always part of the group: tenants never share a message)
 * @param groupWait how long a new group waits for more alerts before its first notification (default 30s)
 * @param groupInterval how long a group waits before notifying about changes (default 5m)
 * @param repeatInterval how long before an unchanged firing group is notified again (default 4h)
 * @param matchers Alertmanager's matcher strings ({@code severity="critical"}, {@code service=~"pay.*"}); the
 *     top route matches everything
 * @param continueMatching whether alerts matched here also try the next sibling routes ({@code continue})
 * @param routes child routes
 */
public record RouteConfig(
    @JsonProperty("receiver") String receiver,
    @JsonProperty("group_by") List<String> groupBy,
    @JsonProperty("group_wait") Duration groupWait,
    @JsonProperty("group_interval") Duration groupInterval,
    @JsonProperty("repeat_interval") Duration repeatInterval,
    @JsonProperty("matchers") List<String> matchers,
    @JsonProperty("continue") Boolean continueMatching,
    @JsonProperty("routes") List<RouteConfig> routes) {
  public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);

  public RouteConfig {
    matchers = matchers == null ? List.of() : List.copyOf(matchers);
    continueMatching = continueMatching != null && continueMatching;
    routes = routes == null ? List.of() : List.copyOf(routes);
    groupBy = groupBy == null ? null : List.copyOf(groupBy);
    positive(groupWait, "group_wait", true);
    positive(groupInterval, "group_interval", false);
    positive(repeatInterval, "repeat_interval", false);
  }

  /** A top route to {@code receiver} with the given timings, no children. */
  public static RouteConfig to(
      String receiver,
      List<String> groupBy,
      Duration groupWait,
      Duration groupInterval,
      Duration repeatInterval) {
    return new RouteConfig(
        receiver, groupBy, groupWait, groupInterval, repeatInterval, null, null, null);
  }

  private static void positive(Duration value, String key, boolean zeroAllowed) {
    if (value != null && (value.isNegative() || (!zeroAllowed && value.isZero()))) {
      throw new IllegalArgumentException(
          "alerting.route."
              + key
              + " must be "
              + (zeroAllowed ? "0s or more" : "positive")
              + ", got "
              + value);
    }
  }
}
