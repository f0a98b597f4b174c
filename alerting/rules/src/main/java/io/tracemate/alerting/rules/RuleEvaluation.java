package io.tracemate.alerting.rules;

import io.tracemate.alerting.model.Evidence;
import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * What the rules of one group evaluation share: the tenant, the evaluation time (already shifted back by the
 * evaluation delay), the group's language and limit, the queries and the cancellation that stops them when the
 * ruler stops, and the learned baselines. Immutable; one per group evaluation.
 *
 * @param baselines the learned baselines; null in a preview, which replays alerting rules only
 * @param withEvidence gather alerts' evidence (the ruler); a preview replays the state machine without it
 */
record RuleEvaluation(
    TenantId tenant,
    Instant time,
    RuleLanguage language,
    int limit,
    RuleQueries queries,
    BaselineStore baselines,
    Cancellation cancellation,
    boolean withEvidence) {

  List<RuleSample> query(String expr) {
    return queries.query(language, expr, tenant, time.toEpochMilli(), cancellation);
  }

  Evidence evidence(Rule rule, SortedMap<String, String> seriesLabels) {
    if (!withEvidence) {
      return Evidence.NONE;
    }
    return queries.evidence(
        language, rule, tenant, seriesLabels, time.toEpochMilli(), cancellation);
  }

  RecordedSeries recorded() {
    return queries.recorded();
  }
}
