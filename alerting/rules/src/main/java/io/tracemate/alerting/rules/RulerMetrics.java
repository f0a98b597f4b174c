package io.tracemate.alerting.rules;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The ruler's metrics, named after Prometheus' rule-group metrics ({@code prometheus_rule_*}) with Tracemate's
 * prefix and a {@code tenant} label beside {@code rule_group} ({@code <namespace>;<group>}, as Prometheus writes
 * {@code <file>;<group>}). Series of a removed group are dropped with it. Thread-safe.
 */
public final class RulerMetrics {
  private static final String[] LABELS = {"tenant", "rule_group"};

  final Counter evaluations;
  final Counter evaluationFailures;
  final Counter iterations;
  final Counter iterationsMissed;
  final Histogram groupDuration;
  final Gauge lastDuration;
  final Gauge lastEvaluation;
  final Gauge rules;
  final Gauge interval;

  /** Registers the metrics; null registers nowhere (tests). */
  public RulerMetrics(PrometheusRegistry registry) {
    PrometheusRegistry target = registry == null ? new PrometheusRegistry() : registry;
    evaluations =
        Counter.builder()
            .name("tracemate_rule_evaluations_total")
            .help("Rule evaluations")
            .labelNames(LABELS)
            .register(target);
    evaluationFailures =
        Counter.builder()
            .name("tracemate_rule_evaluation_failures_total")
            .help("Rule evaluations that failed (query error, limit, time-out)")
            .labelNames(LABELS)
            .register(target);
    iterations =
        Counter.builder()
            .name("tracemate_rule_group_iterations_total")
            .help("Scheduled evaluations of a rule group, run or missed")
            .labelNames(LABELS)
            .register(target);
    iterationsMissed =
        Counter.builder()
            .name("tracemate_rule_group_iterations_missed_total")
            .help(
                "Scheduled evaluations of a rule group skipped because the previous one was still running")
            .labelNames(LABELS)
            .register(target);
    groupDuration =
        Histogram.builder()
            .name("tracemate_rule_group_duration_seconds")
            .help("How long a rule group evaluation took")
            .classicOnly()
            .classicUpperBounds(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60)
            .register(target);
    lastDuration =
        Gauge.builder()
            .name("tracemate_rule_group_last_duration_seconds")
            .help("How long the last evaluation of a rule group took")
            .labelNames(LABELS)
            .register(target);
    lastEvaluation =
        Gauge.builder()
            .name("tracemate_rule_group_last_evaluation_timestamp_seconds")
            .help("Evaluation time of the last evaluation of a rule group (delay included)")
            .labelNames(LABELS)
            .register(target);
    rules =
        Gauge.builder()
            .name("tracemate_rule_group_rules")
            .help("Rules in a rule group")
            .labelNames(LABELS)
            .register(target);
    interval =
        Gauge.builder()
            .name("tracemate_rule_group_interval_seconds")
            .help("Evaluation interval of a rule group")
            .labelNames(LABELS)
            .register(target);
  }

  void groupAdded(String tenant, String group, int ruleCount, double intervalSeconds) {
    rules.labelValues(tenant, group).set(ruleCount);
    interval.labelValues(tenant, group).set(intervalSeconds);
  }

  void groupRemoved(String tenant, String group) {
    for (var metric :
        new io.prometheus.metrics.core.metrics.StatefulMetric<?, ?>[] {
          evaluations,
          evaluationFailures,
          iterations,
          iterationsMissed,
          lastDuration,
          lastEvaluation,
          rules,
          interval
        }) {
      metric.remove(tenant, group);
    }
  }
}
