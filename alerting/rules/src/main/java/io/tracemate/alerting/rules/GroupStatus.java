package io.tracemate.alerting.rules;

import io.tracemate.common.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A rule group as the rules API shows it.
 *
 * @param tenant its tenant
 * @param namespace its namespace (Loki's; the rule file's name in Prometheus' {@code file})
 * @param group the group
 * @param interval the interval it runs on (the ruler's default when it names none)
 * @param lastEvaluation when it was last evaluated; null before the first
 * @param evaluationTime how long the last evaluation took
 * @param rules its rules, in order
 */
public record GroupStatus(
    TenantId tenant,
    String namespace,
    RuleGroup group,
    Duration interval,
    Instant lastEvaluation,
    Duration evaluationTime,
    List<RuleStatus> rules) {
  public GroupStatus {
    rules = List.copyOf(rules);
  }
}
