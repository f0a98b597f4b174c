package io.tracemate.servicegraph;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A node's or an edge's health: the worst state of its {@link HealthReason reasons} (errors, latency, later
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

  /** The reasons in one line, worst first: {@code "p99 4.4 s > SLO 1 s; error rate 0.5% < 1%"}. */
  public String reason() {
    return reasons.stream().map(HealthReason::text).collect(Collectors.joining("; "));
  }
}
