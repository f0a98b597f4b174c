package io.tracemate.alerting.rules;

import io.tracemate.alerting.model.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a rule would have done over a past range: its expression's series and, for an alerting rule, when each of
 * its alerts would have been pending and firing, from the ruler's own state machine replayed step by step.
 * Immutable.
 *
 * @param group the group the rule was taken from (its language, interval and limit)
 * @param ruleIndex which rule of the group was previewed (0-based)
 * @param start the first evaluation
 * @param end the last possible evaluation (the last one is at {@code start + k × step <= end})
 * @param step the time between evaluations (the group's interval unless the request gave another)
 * @param evaluations how many evaluations were replayed
 * @param series the expression's series, those that were firing first, then pending, then the others; at most
 *     {@link RulePreviewer#MAX_SERIES}
 * @param seriesTotal how many series the expression had in all
 * @param compared when the expression compares a series with a threshold ({@code x > 0.05}, {@code x > y}), the
 *     side being compared, evaluated over the same steps (a comparison's own result only has the points where it
 *     holds); null otherwise
 * @param failures evaluations of the state machine that failed as they would have in the ruler (over the group's
 *     {@code limit}, two series with the same labels once the rule's labels are applied), the first few
 */
public record RulePreview(
    RuleGroup group,
    int ruleIndex,
    Instant start,
    Instant end,
    Duration step,
    int evaluations,
    List<SeriesPreview> series,
    int seriesTotal,
    Compared compared,
    List<Failure> failures) {
  public RulePreview {
    Objects.requireNonNull(group, "group");
    series = List.copyOf(series);
    failures = List.copyOf(failures);
  }

  /** The rule previewed. */
  public Rule rule() {
    return group.rules().get(ruleIndex);
  }

  /**
   * One series of the expression and what its alert did.
   *
   * @param series the series as the expression gave it
   * @param alertLabels the labels of its alert ({@code alertname}, the rule's labels applied); null for a recording
   *     rule
   * @param intervals when its alert was pending or firing, in time order; empty for a recording rule
   */
  public record SeriesPreview(
      RuleSeries series, SortedMap<String, String> alertLabels, List<Interval> intervals) {
    public SeriesPreview {
      Objects.requireNonNull(series, "series");
      alertLabels =
          alertLabels == null
              ? null
              : Collections.unmodifiableSortedMap(new TreeMap<>(alertLabels));
      intervals = List.copyOf(intervals);
    }
  }

  /**
   * A stretch of evaluations in one state.
   *
   * @param state {@link AlertState#PENDING} or {@link AlertState#FIRING}
   * @param start the first evaluation in the state
   * @param end the first evaluation no longer in it, or the last evaluation when {@code ongoing}
   * @param ongoing still in the state at the last evaluation
   */
  public record Interval(AlertState state, Instant start, Instant end, boolean ongoing) {
    public Interval {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
    }
  }

  /**
   * The compared side of a comparison.
   *
   * @param expr its text, in the rule's language
   * @param threshold the number it is compared with; null when the other side is not a number
   * @param series its series over the preview's steps (at most {@link RulePreviewer#MAX_SERIES})
   */
  public record Compared(String expr, Double threshold, List<RuleSeries> series) {
    public Compared {
      Objects.requireNonNull(expr, "expr");
      series = List.copyOf(series);
    }
  }

  /** An evaluation that failed: when, and why. */
  public record Failure(Instant time, String message) {}
}
