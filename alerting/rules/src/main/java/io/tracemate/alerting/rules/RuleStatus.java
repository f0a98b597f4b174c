package io.tracemate.alerting.rules;

import io.tracemate.alerting.model.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A rule as the rules API shows it (Prometheus' {@code /api/v1/rules}): the rule, its health after the last
 * evaluation and, for an alerting rule, its active alerts.
 *
 * @param rule the rule
 * @param health {@code ok}, {@code err} or {@code unknown} (not evaluated yet)
 * @param lastError the last evaluation's error, "" when it succeeded
 * @param lastEvaluation when it was last evaluated (the evaluation time, delay included); null before the first
 * @param evaluationTime how long its last evaluation took
 * @param alerts its pending and firing alerts (alerting rules)
 */
public record RuleStatus(
    Rule rule,
    String health,
    String lastError,
    Instant lastEvaluation,
    Duration evaluationTime,
    List<Alert> alerts) {
  public RuleStatus {
    alerts = List.copyOf(alerts);
  }

  /** Prometheus' state of an alerting rule: the most severe of its alerts' ({@code inactive} when none). */
  public String state() {
    String state = "inactive";
    for (Alert alert : alerts) {
      switch (alert.state()) {
        case FIRING -> {
          return "firing";
        }
        case PENDING -> state = "pending";
        default -> {}
      }
    }
    return state;
  }
}
