package io.tracemate.alerting.rules;

import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.alerting.model.AlertState;
import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One rule group of one tenant while the ruler runs it: its rules' state, evaluated in order (a recording rule
 * feeds the rules after it), at the evaluation time the ruler gives less the group's delay. Evaluations of one
 * group never overlap (the scheduler runs a tenant's groups one at a time, and this lock covers the rare direct
 * call); the status is read under the same lock. Thread-safe.
 */
final class GroupRuntime {
  private final TenantId tenant;
  private final String namespace;
  private final RuleGroup group;
  private final Duration interval;
  private final Duration delay;
  private final List<RuleRuntime> rules;
  private final RuleTemplates.Urls urls;
  private final RulerMetrics metrics;
  private final String metricGroup;
  private final Map<String, String> recordingRules = new HashMap<>();
  private Instant lastEvaluation;
  private Duration evaluationTime = Duration.ZERO;

  GroupRuntime(
      TenantId tenant,
      String namespace,
      RuleGroup group,
      Duration defaultInterval,
      Duration defaultDelay,
      RuleTemplates templates,
      RulerMetrics metrics) {
    this.tenant = tenant;
    this.namespace = namespace;
    this.group = group;
    this.interval = group.intervalOr(defaultInterval);
    this.delay = group.evaluationDelayOr(defaultDelay);
    this.metrics = metrics;
    this.metricGroup = namespace + ";" + group.name();
    this.urls =
        new RuleTemplates.Urls(
            templates.externalUrl(), group.language(), interval.multipliedBy(10).plusHours(1));
    this.rules = new ArrayList<>(group.rules().size());
    for (Rule rule : group.rules()) {
      if (!rule.isAlerting()) {
        recordingRules.putIfAbsent(rule.record(), rule.expr());
      }
      rules.add(
          rule.isAlerting()
              ? new AlertingRuleRuntime(rule, templates)
              : new RecordingRuleRuntime(rule, templates));
    }
    metrics.groupAdded(tenant.value(), metricGroup, rules.size(), interval.toMillis() / 1000.0);
  }

  TenantId tenant() {
    return tenant;
  }

  String namespace() {
    return namespace;
  }

  RuleGroup group() {
    return group;
  }

  Duration interval() {
    return interval;
  }

  String metricGroup() {
    return metricGroup;
  }

  /**
   * Evaluates every rule at {@code now} less the group's delay, and reports the group's alerts.
   *
   * @throws io.tracemate.common.CancelledException when {@code cancellation} stops it (the ruler stopping)
   */
  synchronized AlertBatch evaluate(Instant now, RuleQueries queries, Cancellation cancellation) {
    long started = System.nanoTime();
    // Milliseconds, as Prometheus' timestamps: what is persisted and compared is what was reported.
    Instant time = now.minus(delay).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    RuleEvaluation evaluation =
        new RuleEvaluation(
            tenant,
            time,
            now,
            group.language(),
            group.limit(),
            recordingRules,
            queries,
            cancellation);
    for (RuleRuntime rule : rules) {
      metrics.evaluations.labelValues(tenant.value(), metricGroup).inc();
      if (rule.run(evaluation) != null) {
        metrics.evaluationFailures.labelValues(tenant.value(), metricGroup).inc();
      }
    }
    lastEvaluation = time;
    evaluationTime = Duration.ofNanos(System.nanoTime() - started);
    double seconds = evaluationTime.toNanos() / 1e9;
    metrics.groupDuration.observe(seconds);
    metrics.lastDuration.labelValues(tenant.value(), metricGroup).set(seconds);
    metrics
        .lastEvaluation
        .labelValues(tenant.value(), metricGroup)
        .set(time.toEpochMilli() / 1000.0);
    return new AlertBatch(tenant, namespace, group.name(), interval, time, alerts(true));
  }

  private List<Alert> alerts(boolean withResolved) {
    List<Alert> alerts = new ArrayList<>();
    for (RuleRuntime rule : rules) {
      if (rule instanceof AlertingRuleRuntime alerting) {
        for (Alert alert : alerting.alerts(tenant, urls)) {
          if (withResolved || alert.state() != AlertState.RESOLVED) {
            alerts.add(alert);
          }
        }
      }
    }
    return alerts;
  }

  synchronized GroupStatus status() {
    List<RuleStatus> statuses = new ArrayList<>(rules.size());
    for (RuleRuntime rule : rules) {
      List<Alert> alerts = List.of();
      if (rule instanceof AlertingRuleRuntime alerting) {
        alerts =
            alerting.alerts(tenant, urls).stream()
                .filter(a -> a.state() != AlertState.RESOLVED)
                .toList();
      }
      statuses.add(rule.status(alerts));
    }
    return new GroupStatus(
        tenant, namespace, group, interval, lastEvaluation, evaluationTime, statuses);
  }

  /** The alert state of each alerting rule, keyed by {@link #ruleKey}, for persistence. */
  synchronized Map<String, List<ActiveAlert>> alertState() {
    Map<String, List<ActiveAlert>> state = new HashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    for (RuleRuntime rule : rules) {
      String key = ruleKey(rule.rule(), seen);
      if (rule instanceof AlertingRuleRuntime alerting && !alerting.activeAlerts().isEmpty()) {
        state.put(key, alerting.activeAlerts());
      }
    }
    return state;
  }

  /** Takes over alert state: persisted before a restart, or of the group this one replaces. */
  synchronized void restore(Map<String, List<ActiveAlert>> state) {
    Map<String, Integer> seen = new HashMap<>();
    for (RuleRuntime rule : rules) {
      String key = ruleKey(rule.rule(), seen);
      List<ActiveAlert> alerts = state.get(key);
      if (alerts != null && rule instanceof AlertingRuleRuntime alerting) {
        alerting.restore(alerts);
      }
    }
  }

  /** A rule's identity within its group: its name and which of the rules of that name it is. */
  private static String ruleKey(Rule rule, Map<String, Integer> seen) {
    int occurrence = seen.merge(rule.name(), 1, Integer::sum);
    return rule.name() + "#" + occurrence;
  }
}
