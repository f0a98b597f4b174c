package io.tracemate.servicegraph;

/**
 * The thresholds one node is judged by, after per-service overrides are applied.
 *
 * @param p99Millis p99 latency above this is a warning
 * @param warningErrorRatio error ratio from this on is a warning (0.01 = 1 %)
 * @param criticalErrorRatio error ratio above this is critical (0.05 = 5 %)
 */
public record Thresholds(double p99Millis, double warningErrorRatio, double criticalErrorRatio) {}
