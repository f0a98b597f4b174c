package io.tracemate.alerting.model;

import io.tracemate.common.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;

/**
 * The alerts in force now, as the last evaluation of each rule group left them: what the topology's health ring,
 * the alerts API and the web UI's alerts page read, in process, from the evaluator's live state (never over HTTP).
 * Reading never waits for an evaluation in progress: it sees the one before.
 *
 * <p>Implementations are thread-safe and cheap to call (no query runs, nothing is read from disk).
 */
@FunctionalInterface
public interface LiveAlerts {
  /** Nothing evaluates rules (the ruler is off). */
  LiveAlerts NONE = tenant -> List.of();

  /**
   * The last evaluation of each of the tenant's rule groups that has been evaluated since it was loaded: its
   * pending, firing and recently resolved alerts. Empty for a tenant without rules.
   */
  List<AlertBatch> latest(TenantId tenant);

  /** The tenant's firing alerts, over all its groups. */
  default List<Alert> firing(TenantId tenant) {
    List<Alert> firing = new ArrayList<>();
    for (AlertBatch batch : latest(tenant)) {
      for (Alert alert : batch.alerts()) {
        if (alert.state() == AlertState.FIRING) {
          firing.add(alert);
        }
      }
    }
    return firing;
  }
}
