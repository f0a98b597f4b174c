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
 * ruler stops. Immutable; one per group evaluation.
 *
 * @param withEvidence gather alerts' evidence (the ruler); a preview replays the state machine without it
 */
record RuleEvaluation(
    TenantId tenant,
    Instant time,
    RuleLanguage language,
    int limit,
    RuleQueries queries,
    Cancellation cancellation,
    boolean withEvidence) {

  List<RuleSample> query(String expr) {
    return queries.query(language, expr, tenant, time.toEpochMilli(), cancellation);
  }

  Evidence evidence(String expr, SortedMap<String, String> seriesLabels) {
    if (!withEvidence) {
      return Evidence.NONE;
    }
    return queries.evidence(
        language, expr, tenant, seriesLabels, time.toEpochMilli(), cancellation);
  }

  RecordedSeries recorded() {
    return queries.recorded();
  }
}
