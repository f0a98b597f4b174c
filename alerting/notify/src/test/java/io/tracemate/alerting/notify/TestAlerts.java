package io.tracemate.alerting.notify;

import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.alerting.model.AlertState;
import io.tracemate.alerting.model.Evidence;
import io.tracemate.common.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Alerts and batches as the evaluator makes them. */
public final class TestAlerts {
  public static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  public static final Evidence EVIDENCE =
      new Evidence(
          List.of(
              new Evidence.LogLine(
                  Map.of("service_name", "checkout"),
                  Instant.parse("2026-12-07T10:00:00Z"),
                  "ERROR payment declined for order 42 trace_id=" + TRACE_ID)),
          List.of(TRACE_ID));

  private TestAlerts() {}

  public static Alert firing(TenantId tenant, Map<String, String> labels, Instant firedAt) {
    return new Alert(
        tenant,
        new TreeMap<>(labels),
        Map.of("summary", "error rate of " + labels.getOrDefault("service", "?") + " above 5%"),
        AlertState.FIRING,
        firedAt.minusSeconds(60),
        firedAt,
        null,
        0.12,
        "http://tracemate.test/explore?query=x",
        EVIDENCE);
  }

  public static Alert resolved(Alert alert, Instant resolvedAt) {
    return new Alert(
        alert.tenant(),
        alert.labels(),
        alert.annotations(),
        AlertState.RESOLVED,
        alert.activeAt(),
        alert.firedAt(),
        resolvedAt,
        0.01,
        alert.generatorUrl(),
        alert.evidence());
  }

  public static Alert pending(TenantId tenant, Map<String, String> labels, Instant activeAt) {
    return new Alert(
        tenant,
        new TreeMap<>(labels),
        Map.of(),
        AlertState.PENDING,
        activeAt,
        null,
        null,
        1,
        "http://tracemate.test/explore",
        Evidence.NONE);
  }

  public static AlertBatch batch(Instant evaluatedAt, Alert... alerts) {
    TenantId tenant = alerts.length == 0 ? TenantId.DEFAULT : alerts[0].tenant();
    return new AlertBatch(
        tenant, "rules.yaml", "errors", Duration.ofMinutes(1), evaluatedAt, List.of(alerts));
  }
}
