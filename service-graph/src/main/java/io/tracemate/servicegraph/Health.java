package io.tracemate.servicegraph;

/**
 * A node's health state, why (e.g. {@code "error rate 3.2% ≥ 1%"}), and the thresholds it was judged by.
 */
public record Health(HealthState state, String reason, Thresholds thresholds) {}
