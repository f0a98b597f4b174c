package io.tracemate.alerting.rules.history;

import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.Evidence;
import io.tracemate.common.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One change of one alert's state, as the alert history keeps it.
 *
 * @param tenant whose rule it is
 * @param time the evaluation time at which the alert changed (the ruler's, already shifted back by the evaluation
 *     delay, as the alert's own times are)
 * @param namespace the rule's namespace (rule file)
 * @param group the rule's group
 * @param from the state before; null when the alert was not there before (a new pending or firing alert)
 * @param to the state after
 * @param labels the alert's labels ({@code alertname} included)
 * @param annotations its expanded annotations, each cut to {@value #MAX_ANNOTATION_CHARS} characters
 * @param value the expression's value at that evaluation (NaN for an alert that went away)
 * @param activeAt when its condition first held
 * @param evidence what its evidence held then, in brief
 */
public record AlertTransition(
    TenantId tenant,
    Instant time,
    String namespace,
    String group,
    HistoryState from,
    HistoryState to,
    SortedMap<String, String> labels,
    Map<String, String> annotations,
    double value,
    Instant activeAt,
    EvidenceSummary evidence) {
  /** Longest annotation kept: a summary or description, not a page of templated text. */
  public static final int MAX_ANNOTATION_CHARS = 1024;

  public AlertTransition {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(to, "to");
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    TreeMap<String, String> cut = new TreeMap<>();
    annotations.forEach((name, text) -> cut.put(name, truncate(text, MAX_ANNOTATION_CHARS)));
    annotations = Collections.unmodifiableMap(cut);
    Objects.requireNonNull(activeAt, "activeAt");
    Objects.requireNonNull(evidence, "evidence");
  }

  /** The alert's rule name. */
  public String alertname() {
    return labels.getOrDefault("alertname", "");
  }

  /** {@code alert} moved from {@code from} to its current state at {@code time}. */
  public static AlertTransition of(
      Alert alert, String namespace, String group, HistoryState from, Instant time) {
    return new AlertTransition(
        alert.tenant(),
        time,
        namespace,
        group,
        from,
        HistoryState.of(alert.state()),
        alert.labels(),
        alert.annotations(),
        alert.value(),
        alert.activeAt(),
        EvidenceSummary.of(alert.evidence()));
  }

  /** {@code alert} (as last reported) went away without resolving: a pending alert whose condition stopped. */
  public static AlertTransition gone(Alert alert, String namespace, String group, Instant time) {
    return new AlertTransition(
        alert.tenant(),
        time,
        namespace,
        group,
        HistoryState.of(alert.state()),
        HistoryState.INACTIVE,
        alert.labels(),
        alert.annotations(),
        Double.NaN,
        alert.activeAt(),
        EvidenceSummary.of(alert.evidence()));
  }

  static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  /**
   * An alert's evidence in brief: how many log lines it had, its first trace IDs and its newest line (cut short).
   *
   * @param logLines how many log lines the evidence held
   * @param traceIds up to {@value #MAX_TRACE_IDS} trace IDs
   * @param firstLine the newest log line, at most {@value #MAX_LINE_CHARS} characters; empty without lines
   */
  public record EvidenceSummary(int logLines, List<String> traceIds, String firstLine) {
    public static final int MAX_TRACE_IDS = 5;
    public static final int MAX_LINE_CHARS = 300;
    public static final EvidenceSummary NONE = new EvidenceSummary(0, List.of(), "");

    public EvidenceSummary {
      traceIds = List.copyOf(traceIds.subList(0, Math.min(MAX_TRACE_IDS, traceIds.size())));
      firstLine = truncate(Objects.requireNonNull(firstLine, "firstLine"), MAX_LINE_CHARS);
    }

    static EvidenceSummary of(Evidence evidence) {
      if (evidence.logLines().isEmpty() && evidence.traceIds().isEmpty()) {
        return NONE;
      }
      return new EvidenceSummary(
          evidence.logLines().size(),
          new ArrayList<>(evidence.traceIds()),
          evidence.logLines().isEmpty() ? "" : evidence.logLines().getFirst().line());
    }
  }
}
