package io.tracemate.alerting.rules;

import io.tracemate.alerting.model.AlertState;
import io.tracemate.common.Cancellation;
import io.tracemate.common.CancelledException;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.querysupport.ParseLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * "When would this rule have fired?": evaluates one rule's expression over a past range with one range query (the
 * values at each step are what the ruler's instant query at that step gives) and replays the ruler's own {@link
 * AlertingRuleRuntime} over the steps, so {@code for}, {@code keep_firing_for}, the group's {@code limit} and the
 * rule's labels act exactly as they do when the ruler runs the rule. Nothing is recorded, notified or persisted:
 * evidence is not gathered and annotations are not expanded (neither changes a state). The query runs under the
 * query APIs' limits and time-outs. Thread-safe (each preview has its own state machine).
 */
final class RulePreviewer {
  /** Most series a preview returns (a chart of more is unreadable; the count says how many there were). */
  static final int MAX_SERIES = 100;

  /** Most failed evaluations reported. */
  static final int MAX_FAILURES = 10;

  private final RuleQueries queries;
  private final RuleTemplates templates;
  private final ParseLimits promqlLimits;
  private final ParseLimits logqlLimits;

  RulePreviewer(
      RuleQueries queries,
      RuleTemplates templates,
      ParseLimits promqlLimits,
      ParseLimits logqlLimits) {
    this.queries = Objects.requireNonNull(queries, "queries");
    this.templates = Objects.requireNonNull(templates, "templates");
    this.promqlLimits = Objects.requireNonNull(promqlLimits, "promqlLimits");
    this.logqlLimits = Objects.requireNonNull(logqlLimits, "logqlLimits");
  }

  /**
   * Previews rule {@code ruleIndex} of {@code group} for {@code tenant} at {@code start, start + step, ... <= end}.
   *
   * @throws RuntimeException the query engines' limit, time-out and evaluation errors
   */
  RulePreview preview(
      TenantId tenant,
      RuleGroup group,
      int ruleIndex,
      Instant start,
      Instant end,
      Duration step,
      Cancellation cancellation) {
    Rule rule = group.rules().get(ruleIndex);
    long startMillis = start.toEpochMilli();
    long stepMillis = step.toMillis();
    List<RuleSeries> series =
        queries.rangeQuery(
            group.language(),
            rule.expr(),
            tenant,
            startMillis,
            end.toEpochMilli(),
            stepMillis,
            cancellation);
    int steps = Math.toIntExact((end.toEpochMilli() - startMillis) / stepMillis + 1);
    List<RulePreview.Failure> failures = new ArrayList<>();
    Map<SortedMap<String, String>, List<RulePreview.Interval>> intervals = Map.of();
    if (rule.isAlerting()) {
      intervals =
          replay(
              tenant, group, rule, series, startMillis, stepMillis, steps, cancellation, failures);
    }
    // Each alert under the labels of its series: one lookup per series.
    Map<SortedMap<String, String>, SortedMap<String, String>> alertBySeries = new HashMap<>();
    for (SortedMap<String, String> alert : intervals.keySet()) {
      alertBySeries.put(alertKey(alert, rule), alert);
    }
    List<RulePreview.SeriesPreview> previews = new ArrayList<>(series.size());
    for (RuleSeries one : series) {
      if (!rule.isAlerting()) {
        previews.add(new RulePreview.SeriesPreview(one, null, List.of()));
        continue;
      }
      SortedMap<String, String> alertLabels = alertBySeries.get(seriesKey(one.labels(), rule));
      previews.add(
          new RulePreview.SeriesPreview(
              one, alertLabels, alertLabels == null ? List.of() : intervals.get(alertLabels)));
    }
    previews.sort(Comparator.comparingInt(RulePreviewer::rank));
    RulePreview.Compared compared = compared(tenant, group, rule, start, end, step, cancellation);
    return new RulePreview(
        group,
        ruleIndex,
        start,
        end,
        step,
        steps,
        previews.subList(0, Math.min(MAX_SERIES, previews.size())),
        previews.size(),
        compared,
        failures);
  }

  /**
   * Runs the ruler's state machine over the steps and returns, per alert, the stretches it spent pending and
   * firing.
   */
  private Map<SortedMap<String, String>, List<RulePreview.Interval>> replay(
      TenantId tenant,
      RuleGroup group,
      Rule rule,
      List<RuleSeries> series,
      long startMillis,
      long stepMillis,
      int steps,
      Cancellation cancellation,
      List<RulePreview.Failure> failures) {
    List<List<RuleSample>> byStep = new ArrayList<>(steps);
    for (int i = 0; i < steps; i++) {
      byStep.add(new ArrayList<>());
    }
    for (RuleSeries one : series) {
      for (int i = 0; i < one.timesMillis().length; i++) {
        long offset = one.timesMillis()[i] - startMillis;
        if (offset >= 0 && offset % stepMillis == 0 && offset / stepMillis < steps) {
          byStep
              .get((int) (offset / stepMillis))
              .add(new RuleSample(one.labels(), one.values()[i]));
        }
      }
    }
    // Annotations never change a state; expanding them at every step would only cost.
    Rule withoutAnnotations =
        Rule.alerting(
            rule.alert(),
            rule.expr(),
            rule.forDuration(),
            rule.keepFiringFor(),
            rule.labels(),
            Map.of());
    AlertingRuleRuntime runtime = new AlertingRuleRuntime(withoutAnnotations, templates);
    Map<SortedMap<String, String>, List<RulePreview.Interval>> out = new HashMap<>();
    Map<SortedMap<String, String>, Open> open = new HashMap<>();
    Instant last = Instant.ofEpochMilli(startMillis);
    for (int i = 0; i < steps; i++) {
      cancellation.check();
      Instant time = Instant.ofEpochMilli(startMillis + i * stepMillis);
      last = time;
      RuleEvaluation evaluation =
          // Only alerting rules are replayed, and they learn no baselines.
          new RuleEvaluation(
              tenant,
              time,
              time,
              group.language(),
              group.limit(),
              Map.of(),
              queries,
              null,
              cancellation,
              false);
      try {
        runtime.advance(evaluation, byStep.get(i));
      } catch (CancelledException e) {
        throw e;
      } catch (RuntimeException e) {
        if (failures.size() < MAX_FAILURES) {
          failures.add(
              new RulePreview.Failure(
                  time, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
      }
      Map<SortedMap<String, String>, AlertState> now = new HashMap<>();
      for (ActiveAlert alert : runtime.activeAlerts()) {
        if (alert.state == AlertState.PENDING || alert.state == AlertState.FIRING) {
          now.put(alert.labels, alert.state);
        }
      }
      for (var it = open.entrySet().iterator(); it.hasNext(); ) {
        var entry = it.next();
        if (now.get(entry.getKey()) != entry.getValue().state) {
          close(out, entry.getKey(), entry.getValue(), time, false);
          it.remove();
        }
      }
      for (var entry : now.entrySet()) {
        if (!open.containsKey(entry.getKey())) {
          open.put(entry.getKey(), new Open(entry.getValue(), time));
        }
      }
    }
    for (var entry : open.entrySet()) {
      close(out, entry.getKey(), entry.getValue(), last, true);
    }
    return out;
  }

  /** A stretch not ended yet. */
  private record Open(AlertState state, Instant since) {}

  private static void close(
      Map<SortedMap<String, String>, List<RulePreview.Interval>> out,
      SortedMap<String, String> labels,
      Open stretch,
      Instant end,
      boolean ongoing) {
    out.computeIfAbsent(labels, l -> new ArrayList<>())
        .add(new RulePreview.Interval(stretch.state, stretch.since, end, ongoing));
  }

  /** What identifies the series an alert came from: its labels without the name and those the rule sets. */
  private static SortedMap<String, String> seriesKey(SortedMap<String, String> labels, Rule rule) {
    TreeMap<String, String> key = new TreeMap<>(labels);
    key.remove("__name__");
    rule.labels().keySet().forEach(key::remove);
    return key;
  }

  /** The same for an alert: its labels without {@code alertname} and those the rule sets. */
  private static SortedMap<String, String> alertKey(SortedMap<String, String> labels, Rule rule) {
    TreeMap<String, String> key = new TreeMap<>(labels);
    key.remove("alertname");
    rule.labels().keySet().forEach(key::remove);
    return key;
  }

  /** Firing series first, then pending, then the others (the sort is stable: the query's order stays). */
  private static int rank(RulePreview.SeriesPreview preview) {
    boolean pending = false;
    for (RulePreview.Interval interval : preview.intervals()) {
      if (interval.state() == AlertState.FIRING) {
        return 0;
      }
      pending = true;
    }
    return pending ? 1 : 2;
  }

  private RulePreview.Compared compared(
      TenantId tenant,
      RuleGroup group,
      Rule rule,
      Instant start,
      Instant end,
      Duration step,
      Cancellation cancellation) {
    ComparedSide side = ComparedSide.of(group.language(), rule.expr(), promqlLimits, logqlLimits);
    if (side == null) {
      return null;
    }
    List<RuleSeries> series =
        queries.rangeQuery(
            group.language(),
            side.expr(),
            tenant,
            start.toEpochMilli(),
            end.toEpochMilli(),
            step.toMillis(),
            cancellation);
    return new RulePreview.Compared(
        side.expr(), side.threshold(), series.subList(0, Math.min(MAX_SERIES, series.size())));
  }
}
