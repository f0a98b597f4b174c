package io.tracemate.servicegraph;

/** The health ring of a topology node, as the seeds colour it. */
public enum HealthState {
  /** Green: error rate below the warning ratio and p99 within its threshold. */
  HEALTHY,
  /** Yellow: error rate from the warning ratio up to the critical ratio, or p99 over its threshold. */
  WARNING,
  /** Red: error rate above the critical ratio. */
  CRITICAL,
  /** No requests in the window: nothing to judge. */
  UNKNOWN
}
