package io.tracemate.servicegraph;

import io.tracemate.red.RedSummary;

/**
 * One edge of a topology with its RED in the window. Both summaries count every request (failed = either side
 * reported an error); they differ in whose durations they hold.
 *
 * @param source the caller (client, producer, or a virtual node)
 * @param target the callee
 * @param connectionType how they are connected
 * @param via the broker destination of a messaging edge ({@code kafka/orders}), "" otherwise
 * @param client durations as the caller measured them
 * @param server durations as the callee measured them (the caller's, copied, when the callee is virtual)
 * @param health judged by the same rules as nodes ({@link HealthThresholds}) from the caller's view, with the
 *     callee's thresholds (its SLO is what the caller waits for) and the edge's own learned baseline
 */
public record TopologyEdge(
    String source,
    String target,
    ConnectionType connectionType,
    String via,
    RedSummary client,
    RedSummary server,
    Health health) {

  public long requests() {
    return client.calls();
  }

  public long failed() {
    return client.errors();
  }

  public double errorRatio() {
    return client.errorRatio();
  }

  public double requestsPerSecond() {
    return client.ratePerSecond();
  }

  public double clientP99Millis() {
    return client.p99Millis();
  }

  public double serverP99Millis() {
    return server.p99Millis();
  }
}
