package io.tracemate.servicegraph;

/**
 * One finding behind a health state: what was judged, how it came out, and why in words a person reads
 * ({@code "error rate 3.2% ≥ 1%"}, {@code "p99 4.4 s > SLO 1 s"}, {@code "p99 38 ms, 1.2× its normal 31 ms"}).
 *
 * @param kind errors, latency, or a firing alert
 * @param state the state this finding alone would give
 * @param text the finding
 */
public record HealthReason(Kind kind, HealthState state, String text) {

  /** What a finding is about. */
  public enum Kind {
    /** The error ratio against the warning and critical ratios. */
    ERRORS,
    /** p99 against the configured SLO, or against the learned baseline when there is no SLO. */
    LATENCY,
    /** A firing alert with {@code severity="critical"} for the node's service (added by the topology API). */
    ALERT
  }
}
