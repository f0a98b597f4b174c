package io.tracemate.alerting.rules;

import io.tracemate.alerting.model.Alert;
import io.tracemate.common.CancelledException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One rule of a running group: the rule, how its last evaluation went, and (in the subclasses) its state. Not
 * thread-safe: a group's evaluations run one at a time; the status is read through {@link #status}, which the group
 * calls under its lock.
 */
abstract sealed class RuleRuntime
    permits AlertingRuleRuntime, RecordingRuleRuntime, BaselineRuleRuntime {
  private final Rule rule;
  private final RuleTemplates templates;
  private String health = "unknown";
  private String lastError = "";
  private Instant lastEvaluation;
  private Duration evaluationTime = Duration.ZERO;

  RuleRuntime(Rule rule, RuleTemplates templates) {
    this.rule = rule;
    this.templates = templates;
  }

  Rule rule() {
    return rule;
  }

  RuleTemplates templates() {
    return templates;
  }

  /** Evaluates the rule; throws what made the evaluation fail. */
  abstract void evaluate(RuleEvaluation evaluation);

  /**
   * Evaluates the rule, recording its health; returns the failure, or null.
   *
   * @throws CancelledException when the ruler is stopping (not a failure of the rule)
   */
  final RuntimeException run(RuleEvaluation evaluation) {
    long started = System.nanoTime();
    RuntimeException failure = null;
    try {
      evaluate(evaluation);
      health = "ok";
      lastError = "";
    } catch (CancelledException e) {
      throw e;
    } catch (RuntimeException e) {
      failure = e;
      health = "err";
      lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    lastEvaluation = evaluation.time();
    evaluationTime = Duration.ofNanos(System.nanoTime() - started);
    return failure;
  }

  RuleStatus status(List<Alert> alerts) {
    return new RuleStatus(rule, health, lastError, lastEvaluation, evaluationTime, alerts);
  }
}
