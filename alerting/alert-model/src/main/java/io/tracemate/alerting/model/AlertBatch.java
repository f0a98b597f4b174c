package io.tracemate.alerting.model;

import io.tracemate.common.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one evaluation of a rule group reports: all its alerts that are pending, firing, or resolved within the
 * time a resolution is still sent again.
 *
 * @param tenant the group's tenant
 * @param namespace the rule file or ruler namespace the group belongs to
 * @param group the group's name
 * @param interval the group's evaluation interval (Alertmanager's {@code endsAt} is derived from it)
 * @param evaluatedAt the evaluation time (already shifted back by the evaluation delay, if any)
 * @param alerts the group's alerts
 */
public record AlertBatch(
    TenantId tenant,
    String namespace,
    String group,
    Duration interval,
    Instant evaluatedAt,
    List<Alert> alerts) {
  public AlertBatch {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(group, "group");
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
    Objects.requireNonNull(evaluatedAt, "evaluatedAt");
    alerts = List.copyOf(alerts);
  }
}
