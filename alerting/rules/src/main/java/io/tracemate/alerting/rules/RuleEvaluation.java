package io.tracemate.alerting.rules;

import io.tracemate.alerting.model.Evidence;
import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What the rules of one group evaluation share: the tenant, the evaluation time (already shifted back by the
 * evaluation delay) and the ruler's clock when it started, the group's language, limit and recording rules, the
 * queries and the cancellation that stops them when the ruler stops, and the learned baselines. Immutable; one per
 * group evaluation.
 *
 * @param recordingRules the expressions of the group's recording rules, by the name they record (evidence follows
 *     a recorded series to what it records)
 * @param baselines the learned baselines; null in a preview, which replays alerting rules only
 * @param withEvidence gather alerts' evidence (the ruler); a preview replays the state machine without it
 */
record RuleEvaluation(
    TenantId tenant,
    Instant time,
    Instant now,
    RuleLanguage language,
    int limit,
    Map<String, String> recordingRules,
    RuleQueries queries,
    BaselineStore baselines,
    Cancellation cancellation,
    boolean withEvidence) {

  List<RuleSample> query(String expr) {
    return queries.query(language, expr, tenant, time.toEpochMilli(), cancellation);
  }

  /**
   * What lies behind one alert; none when this evaluation gathers no evidence (a preview).
   *
   * @param evidenceQuery the rule's {@code evidence} query expanded for the alert; null: none
   */
  Evidence evidence(String expr, String evidenceQuery, SortedMap<String, String> seriesLabels) {
    if (!withEvidence) {
      return Evidence.NONE;
    }
    return queries.evidence(
        language,
        expr,
        evidenceQuery,
        recordingRules,
        tenant,
        seriesLabels,
        time.toEpochMilli(),
        now.toEpochMilli(),
        cancellation);
  }

  RecordedSeries recorded() {
    return queries.recorded();
  }
}
