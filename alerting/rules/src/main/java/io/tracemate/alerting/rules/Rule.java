package io.tracemate.alerting.rules;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One rule of a group, as Prometheus' rule files write it: an alerting rule ({@code alert}) or a recording rule
 * ({@code record}), or Tracemate's baseline rule ({@code baseline}: a recording rule that also writes the learned
 * band of each series, see {@link BaselineRuleRuntime}). Validated by {@link RuleGroupParser}; immutable.
 *
 * @param alert the alert's name ({@code alertname}); null for a recording or baseline rule
 * @param record the name of the series a recording or baseline rule writes; null for an alerting rule
 * @param expr the query, in the group's {@link RuleLanguage}
 * @param forDuration how long the condition must hold before the alert fires ({@code for}); zero: at once
 * @param keepFiringFor how long the alert keeps firing after the condition stopped holding; zero: not at all
 * @param labels added to (and overriding) the result's labels; their values are templates
 * @param annotations alerting rules only; their values are templates
 * @param baseline what a baseline rule learns; null for the other rules
 * @param evidence alerting rules only, a Tracemate extension: a LogQL log query (a template, like an annotation,
 *     expanded per alert) whose newest lines and their trace IDs are an alert's evidence instead of what its
 *     expression yields (the lines its log range counted, or the span metrics' exemplars); null: none
 */
public record Rule(
    String alert,
    String record,
    String expr,
    Duration forDuration,
    Duration keepFiringFor,
    Map<String, String> labels,
    Map<String, String> annotations,
    BaselineSpec baseline,
    String evidence) {
  public Rule {
    if ((alert == null) == (record == null)) {
      throw new IllegalArgumentException("exactly one of alert and record must be set");
    }
    if (baseline != null && alert != null) {
      throw new IllegalArgumentException("a baseline is a recording rule, not an alerting rule");
    }
    if (evidence != null && alert == null) {
      throw new IllegalArgumentException("only alerting rules have evidence queries");
    }
    Objects.requireNonNull(expr, "expr");
    forDuration = forDuration == null ? Duration.ZERO : forDuration;
    keepFiringFor = keepFiringFor == null ? Duration.ZERO : keepFiringFor;
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
  }

  /** An alerting or recording rule as Prometheus has them. */
  public Rule(
      String alert,
      String record,
      String expr,
      Duration forDuration,
      Duration keepFiringFor,
      Map<String, String> labels,
      Map<String, String> annotations) {
    this(alert, record, expr, forDuration, keepFiringFor, labels, annotations, null, null);
  }

  /** An alerting rule. */
  public static Rule alerting(
      String name,
      String expr,
      Duration forDuration,
      Duration keepFiringFor,
      Map<String, String> labels,
      Map<String, String> annotations) {
    return new Rule(name, null, expr, forDuration, keepFiringFor, labels, annotations);
  }

  /** A recording rule. */
  public static Rule recording(String name, String expr, Map<String, String> labels) {
    return new Rule(null, name, expr, Duration.ZERO, Duration.ZERO, labels, Map.of());
  }

  /** A baseline rule: writes {@code name} and its learned band. */
  public static Rule baseline(
      String name, String expr, BaselineSpec spec, Map<String, String> labels) {
    return new Rule(null, name, expr, Duration.ZERO, Duration.ZERO, labels, Map.of(), spec, null);
  }

  /** The same alerting rule with an evidence query. */
  public Rule withEvidence(String query) {
    return new Rule(
        alert, record, expr, forDuration, keepFiringFor, labels, annotations, baseline, query);
  }

  public boolean isBaseline() {
    return baseline != null;
  }

  public boolean isAlerting() {
    return alert != null;
  }

  /** The alert's or the recorded series' name. */
  public String name() {
    return alert != null ? alert : record;
  }
}
