package io.tracemate.alerting.rules;

import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertState;
import io.tracemate.alerting.model.Evidence;
import io.tracemate.common.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state machine of one alerting rule, as Prometheus' {@code AlertingRule.Eval}: each label set of the result
 * becomes a pending alert; once it has been in the result for {@code for} it fires; when it leaves the result a
 * pending alert is dropped and a firing one resolves, unless {@code keep_firing_for} keeps it firing that much
 * longer; a resolved alert is reported for {@link #RESOLVED_RETENTION} more, then forgotten; and when the rule
 * holds more alerts than the group's {@code limit}, all its alerts are dropped and the evaluation fails. A NaN value
 * is a result like any other, as in Prometheus (a comparison filters NaN out, so {@code x > 0.05} over 0/0 does
 * not fire). Not thread-safe: the group's evaluations run one at a time.
 */
final class AlertingRuleRuntime extends RuleRuntime {
  /** How long a resolved alert is still reported (Prometheus' {@code resolvedRetention}). */
  static final Duration RESOLVED_RETENTION = Duration.ofMinutes(15);

  /** Most alerts per evaluation whose evidence is gathered (one query each). */
  private static final int MAX_EVIDENCE_QUERIES = 10;

  private final Map<SortedMap<String, String>, ActiveAlert> active = new LinkedHashMap<>();

  AlertingRuleRuntime(Rule rule, RuleTemplates templates) {
    super(rule, templates);
  }

  @Override
  void evaluate(RuleEvaluation evaluation) {
    advance(evaluation, evaluation.query(rule().expr()));
  }

  /**
   * One step of the state machine over the rule's result at the evaluation's time: the ruler's query, or one step of
   * a preview's range query (the same values, since a range query is the instant query at every step).
   */
  void advance(RuleEvaluation evaluation, List<RuleSample> samples) {
    Instant ts = evaluation.time();
    Map<SortedMap<String, String>, ActiveAlert> results = new LinkedHashMap<>();
    for (RuleSample sample : samples) {
      TreeMap<String, String> seriesLabels = new TreeMap<>(sample.labels());
      seriesLabels.remove("__name__");
      TreeMap<String, String> labels = new TreeMap<>(seriesLabels);
      Map<String, String> expandedLabels =
          templates().expandAll(rule().labels(), sample.labels(), sample.value(), evaluation);
      expandedLabels.forEach(
          (name, value) -> {
            if (value.isEmpty()) {
              labels.remove(name);
            } else {
              labels.put(name, value);
            }
          });
      labels.put("alertname", rule().alert());
      Map<String, String> annotations =
          templates().expandAll(rule().annotations(), sample.labels(), sample.value(), evaluation);
      if (results.containsKey(labels)) {
        throw new IllegalStateException(
            "vector contains metrics with the same labelset after applying alert labels");
      }
      results.put(labels, new ActiveAlert(labels, annotations, ts, sample.value()));
    }

    int evidenceQueries = 0;
    for (ActiveAlert result : results.values()) {
      ActiveAlert existing = active.get(result.labels);
      if (existing != null && existing.state != AlertState.RESOLVED) {
        existing.value = result.value;
        existing.annotations = result.annotations;
        continue;
      }
      active.put(result.labels, result);
      if (evidenceQueries++ < MAX_EVIDENCE_QUERIES) {
        result.evidence = evidenceOf(result, evaluation);
      }
    }

    int activeCount = 0;
    Set<SortedMap<String, String>> inResult = new HashSet<>(results.keySet());
    for (Iterator<ActiveAlert> it = active.values().iterator(); it.hasNext(); ) {
      ActiveAlert alert = it.next();
      if (!inResult.contains(alert.labels)) {
        boolean keepFiring = false;
        if (alert.state == AlertState.FIRING && !rule().keepFiringFor().isZero()) {
          if (alert.keepFiringSince == null) {
            alert.keepFiringSince = ts;
          }
          keepFiring =
              Duration.between(alert.keepFiringSince, ts).compareTo(rule().keepFiringFor()) < 0;
        }
        if (alert.state == AlertState.PENDING
            || (alert.resolvedAt != null
                && Duration.between(alert.resolvedAt, ts).compareTo(RESOLVED_RETENTION) > 0)) {
          it.remove();
        }
        if (alert.state == AlertState.FIRING && !keepFiring) {
          alert.state = AlertState.RESOLVED;
          alert.resolvedAt = ts;
          alert.keepFiringSince = null;
        }
        if (!keepFiring) {
          continue;
        }
      } else {
        alert.keepFiringSince = null;
      }
      activeCount++;
      if (alert.state == AlertState.PENDING
          && Duration.between(alert.activeAt, ts).compareTo(rule().forDuration()) >= 0) {
        alert.state = AlertState.FIRING;
        alert.firedAt = ts;
        if (evidenceQueries++ < MAX_EVIDENCE_QUERIES) {
          Evidence fresh = evidenceOf(alert, evaluation);
          if (!fresh.isEmpty()) {
            alert.evidence = fresh;
          }
        }
      }
    }
    int limit = evaluation.limit();
    if (limit > 0 && activeCount > limit) {
      active.clear();
      throw new IllegalStateException(
          "exceeded limit of " + limit + " with " + activeCount + " alerts");
    }
  }

  /** What lies behind {@code alert} now: its rule's {@code evidence} query (expanded for it), or its expression's. */
  private Evidence evidenceOf(ActiveAlert alert, RuleEvaluation evaluation) {
    if (!evaluation.withEvidence()) {
      return Evidence.NONE;
    }
    SortedMap<String, String> series = seriesOf(alert.labels);
    String query =
        rule().evidence() == null
            ? null
            : templates().expand(rule().evidence(), series, alert.value, evaluation);
    return evaluation.evidence(rule().expr(), query, series);
  }

  /** The alert's labels without those the rule adds: what the series itself carried. */
  private SortedMap<String, String> seriesOf(SortedMap<String, String> labels) {
    TreeMap<String, String> series = new TreeMap<>(labels);
    series.remove("alertname");
    rule().labels().keySet().forEach(series::remove);
    return series;
  }

  /** The pending and firing alerts, and the resolved ones still reported. */
  List<Alert> alerts(TenantId tenant, RuleTemplates.Urls urls) {
    List<Alert> out = new ArrayList<>(active.size());
    for (ActiveAlert alert : active.values()) {
      out.add(toAlert(tenant, alert, urls));
    }
    return out;
  }

  private Alert toAlert(TenantId tenant, ActiveAlert alert, RuleTemplates.Urls urls) {
    return new Alert(
        tenant,
        alert.labels,
        alert.annotations,
        alert.state,
        alert.activeAt,
        alert.firedAt,
        alert.state == AlertState.RESOLVED ? alert.resolvedAt : null,
        alert.value,
        urls.generatorUrl(rule().expr(), alert.labels, alert.activeAt),
        alert.evidence);
  }

  /** The alerts to persist. */
  List<ActiveAlert> activeAlerts() {
    return List.copyOf(active.values());
  }

  /** Restores alerts persisted before a restart. */
  void restore(List<ActiveAlert> alerts) {
    for (ActiveAlert alert : alerts) {
      active.put(alert.labels, alert);
    }
  }
}
