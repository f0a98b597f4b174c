package io.tracemate.servicegraph;

/**
 * The thresholds one node or edge is judged by, after per-service overrides are applied.
 *
 * @param p99Millis the latency SLO: p99 above it is a warning; null when none is configured, so latency is judged
 *     against the learned baseline instead
 * @param warningErrorRatio error ratio from this on is a warning (0.01 = 1 %)
 * @param criticalErrorRatio error ratio above this is critical (0.05 = 5 %)
 */
public record Thresholds(Double p99Millis, double warningErrorRatio, double criticalErrorRatio) {}
