package io.tracemate.alerting.rules;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A group of rules evaluated together, in order, on one interval (Prometheus' rule group; Loki's ruler takes the
 * same YAML). Validated by {@link RuleGroupParser}; immutable.
 *
 * @param name unique within its namespace
 * @param language what the rules' expressions are written in
 * @param interval how often the group is evaluated; null: the ruler's {@code evaluation_interval}
 * @param limit most alerts (alerting rules) or series (recording rules) one rule may produce; 0: no limit
 * @param evaluationDelay how far before "now" the group is evaluated, so late data counts; null: the ruler's
 *     {@code evaluation_delay_duration}
 * @param rules evaluated one after the other, so a recording rule feeds the rules after it
 */
public record RuleGroup(
    String name,
    RuleLanguage language,
    Duration interval,
    int limit,
    Duration evaluationDelay,
    List<Rule> rules) {
  public RuleGroup {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(language, "language");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    rules = List.copyOf(rules);
  }

  /** The interval this group runs on, given the ruler's default. */
  public Duration intervalOr(Duration defaultInterval) {
    return interval == null ? defaultInterval : interval;
  }

  /** The evaluation delay of this group, given the ruler's default. */
  public Duration evaluationDelayOr(Duration defaultDelay) {
    return evaluationDelay == null ? defaultDelay : evaluationDelay;
  }
}
