package io.tracemate.servicegraph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A node's or an edge's health: the worst state of its {@link HealthReason reasons} (errors, latency, firing
 * alerts), each saying why, and the thresholds and baseline they were judged by.
 *
 * @param baselineP99Millis the learned normal p99 (the window before the query's, see {@link HealthThresholds}),
 *     NaN when there was not enough traffic to learn it
 */
public record Health(
    HealthState state,
    List<HealthReason> reasons,
    Thresholds thresholds,
    double baselineP99Millis) {

  public Health {
    reasons = List.copyOf(reasons);
  }

  /**
   * This verdict with one more finding (a firing alert), its state the worst of all: a node without requests in the
   * window but with a firing critical alert is critical, not unknown.
   */
  public Health with(HealthReason reason) {
    List<HealthReason> all = new ArrayList<>(reasons.size() + 1);
    all.add(reason);
    all.addAll(reasons);
    // stable: the new finding leads the others of its state
    all.sort(
        Comparator.comparingInt((HealthReason r) -> HealthThresholds.severity(r.state()))
            .reversed());
    HealthState worst =
        HealthThresholds.severity(reason.state()) > HealthThresholds.severity(state)
            ? reason.state()
            : state;
    return new Health(worst, all, thresholds, baselineP99Millis);
  }

  /** The reasons in one line, worst first: {@code "p99 4.4 s > SLO 1 s; error rate 0.5% < 1%"}. */
  public String reason() {
    return reasons.stream().map(HealthReason::text).collect(Collectors.joining("; "));
  }
}
