package io.tracemate.alerting.rules;

import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.alerting.model.AlertState;
import io.tracemate.alerting.rules.history.AlertTransition;
import io.tracemate.alerting.rules.history.HistoryState;
import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

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
  private final Map<String, String> recordingRules;
  private Instant lastEvaluation;
  private Duration evaluationTime = Duration.ZERO;

  /** What changed in the last evaluation. Written by the evaluation, read by the ruler right after it. */
  private volatile List<AlertTransition> transitions = List.of();

  /** What the last evaluation reported; null before the first. Read without the lock (see {@link #latest}). */
  private volatile AlertBatch latest;

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
    Map<String, String> recordingRules = new HashMap<>();
    for (Rule rule : group.rules()) {
      if (!rule.isAlerting()) {
        recordingRules.putIfAbsent(rule.record(), rule.expr());
      }
      rules.add(
          rule.isAlerting()
              ? new AlertingRuleRuntime(rule, templates)
              : rule.isBaseline()
                  ? new BaselineRuleRuntime(rule, templates)
                  : new RecordingRuleRuntime(rule, templates));
    }
    this.recordingRules = Map.copyOf(recordingRules);
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
  synchronized AlertBatch evaluate(
      Instant now, RuleQueries queries, BaselineStore baselines, Cancellation cancellation) {
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
            baselines,
            cancellation,
            true);
    List<Map<SortedMap<String, String>, Alert>> before = alertsByRule();
    for (RuleRuntime rule : rules) {
      metrics.evaluations.labelValues(tenant.value(), metricGroup).inc();
      if (rule.run(evaluation) != null) {
        metrics.evaluationFailures.labelValues(tenant.value(), metricGroup).inc();
      }
    }
    List<Map<SortedMap<String, String>, Alert>> after = alertsByRule();
    transitions = transitions(before, after, time);
    lastEvaluation = time;
    evaluationTime = Duration.ofNanos(System.nanoTime() - started);
    double seconds = evaluationTime.toNanos() / 1e9;
    metrics.groupDuration.observe(seconds);
    metrics.lastDuration.labelValues(tenant.value(), metricGroup).set(seconds);
    metrics
        .lastEvaluation
        .labelValues(tenant.value(), metricGroup)
        .set(time.toEpochMilli() / 1000.0);
    List<Alert> alerts = new ArrayList<>();
    after.forEach(byLabels -> alerts.addAll(byLabels.values()));
    AlertBatch batch = new AlertBatch(tenant, namespace, group.name(), interval, time, alerts);
    latest = batch;
    return batch;
  }

  /**
   * What the last evaluation reported (pending, firing and recently resolved alerts), or null before the first.
   * Never waits for an evaluation in progress, which may run a query for seconds: readers (the topology, the alerts
   * API) see the previous one.
   */
  AlertBatch latest() {
    return latest;
  }

  /** Starts with the last report of the group this one replaces (null: none), until it evaluates itself. */
  void carryOver(AlertBatch previous) {
    if (previous != null && latest == null) {
      latest =
          new AlertBatch(
              tenant, namespace, group.name(), interval, previous.evaluatedAt(), previous.alerts());
    }
  }

  /** Each rule's alerts (pending, firing, recently resolved) by their labels, in the rule's order. */
  private List<Map<SortedMap<String, String>, Alert>> alertsByRule() {
    List<Map<SortedMap<String, String>, Alert>> out = new ArrayList<>(rules.size());
    for (RuleRuntime rule : rules) {
      Map<SortedMap<String, String>, Alert> byLabels = new LinkedHashMap<>();
      if (rule instanceof AlertingRuleRuntime alerting) {
        for (Alert alert : alerting.alerts(tenant, urls)) {
          byLabels.put(alert.labels(), alert);
        }
      }
      out.add(byLabels);
    }
    return out;
  }

  /**
   * What changed between two reports of the rules' alerts: each alert new or in another state, and each pending or
   * firing one that is gone (a pending alert whose condition stopped, or a rule over its limit). A resolved alert
   * forgotten after its retention changes nothing.
   */
  private List<AlertTransition> transitions(
      List<Map<SortedMap<String, String>, Alert>> before,
      List<Map<SortedMap<String, String>, Alert>> after,
      Instant time) {
    List<AlertTransition> changed = new ArrayList<>();
    for (int i = 0; i < after.size(); i++) {
      Map<SortedMap<String, String>, Alert> was = before.get(i);
      for (Alert now : after.get(i).values()) {
        Alert then = was.get(now.labels());
        if (then == null || then.state() != now.state()) {
          changed.add(
              AlertTransition.of(
                  now,
                  namespace,
                  group.name(),
                  then == null ? null : HistoryState.of(then.state()),
                  time));
        }
      }
      for (Alert then : was.values()) {
        if (then.state() != AlertState.RESOLVED && !after.get(i).containsKey(then.labels())) {
          changed.add(AlertTransition.gone(then, namespace, group.name(), time));
        }
      }
    }
    return changed;
  }

  /** The alert transitions of the last evaluation (for the alert history); empty before the first. */
  List<AlertTransition> lastTransitions() {
    return transitions;
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
