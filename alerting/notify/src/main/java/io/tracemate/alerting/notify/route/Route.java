package io.tracemate.alerting.notify.route;

import io.tracemate.alerting.notify.LabelMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link RouteConfig} resolved: inherited keys filled in, matchers compiled, receivers checked. Immutable and
 * thread-safe.
 *
 * @param key Alertmanager's route key: {@code {}} for the top, then {@code /{matchers}} per level
 * @param receiver the receiver's name
 * @param groupBy labels to group by; {@code groupByAll}: every label
 */
public record Route(
    String key,
    List<LabelMatcher.Compiled> matchers,
    String receiver,
    List<String> groupBy,
    boolean groupByAll,
    Duration groupWait,
    Duration groupInterval,
    Duration repeatInterval,
    boolean continueMatching,
    List<Route> children) {

  /**
   * @param receivers the receivers' names, each route's must be one of them
   * @throws IllegalArgumentException naming the route and what is wrong
   */
  public static Route resolve(RouteConfig config, Set<String> receivers) {
    if (config.receiver() == null || config.receiver().isEmpty()) {
      throw new IllegalArgumentException("alerting.route.receiver is required");
    }
    if (!config.matchers().isEmpty()) {
      throw new IllegalArgumentException("alerting.route: the top route cannot have matchers");
    }
    Route defaults =
        new Route(
            "{}",
            List.of(),
            config.receiver(),
            List.of(),
            false,
            RouteConfig.DEFAULT_GROUP_WAIT,
            RouteConfig.DEFAULT_GROUP_INTERVAL,
            RouteConfig.DEFAULT_REPEAT_INTERVAL,
            false,
            List.of());
    return resolve(config, defaults, "{}", "alerting.route", receivers);
  }

  private static Route resolve(
      RouteConfig config, Route parent, String key, String path, Set<String> receivers) {
    String receiver = config.receiver() != null ? config.receiver() : parent.receiver();
    if (!receivers.contains(receiver)) {
      throw new IllegalArgumentException(
          path + ".receiver: no receiver named '" + receiver + "' in alerting.receivers");
    }
    List<LabelMatcher.Compiled> matchers = new ArrayList<>();
    for (String matcher : config.matchers()) {
      try {
        matchers.add(LabelMatcher.parse(matcher).compile());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(path + ".matchers: " + e.getMessage(), e);
      }
    }
    List<String> groupBy = config.groupBy() != null ? config.groupBy() : parent.groupBy();
    boolean all = config.groupBy() != null ? groupBy.contains("...") : parent.groupByAll();
    if (all && groupBy.size() > 1) {
      throw new IllegalArgumentException(
          path + ".group_by: '...' (every label) cannot be combined with other labels");
    }
    Route partial =
        new Route(
            key,
            matchers,
            receiver,
            all ? List.of() : groupBy,
            all,
            config.groupWait() != null ? config.groupWait() : parent.groupWait(),
            config.groupInterval() != null ? config.groupInterval() : parent.groupInterval(),
            config.repeatInterval() != null ? config.repeatInterval() : parent.repeatInterval(),
            config.continueMatching(),
            List.of());
    List<Route> children = new ArrayList<>();
    for (int i = 0; i < config.routes().size(); i++) {
      RouteConfig child = config.routes().get(i);
      String childKey = key + "/{" + String.join(",", child.matchers()) + "}";
      children.add(resolve(child, partial, childKey, path + ".routes[" + i + "]", receivers));
    }
    return new Route(
        key,
        matchers,
        receiver,
        partial.groupBy(),
        all,
        partial.groupWait(),
        partial.groupInterval(),
        partial.repeatInterval(),
        partial.continueMatching(),
        List.copyOf(children));
  }

  /** The routes that take an alert with {@code labels}, as Alertmanager's {@code Route.Match}. */
  public List<Route> match(Map<String, String> labels) {
    if (!matchers.stream().allMatch(m -> m.matches(labels))) {
      return List.of();
    }
    List<Route> matched = new ArrayList<>();
    for (Route child : children) {
      List<Route> below = child.match(labels);
      matched.addAll(below);
      if (!below.isEmpty() && !child.continueMatching()) {
        break;
      }
    }
    if (matched.isEmpty()) {
      matched.add(this);
    }
    return matched;
  }
}
