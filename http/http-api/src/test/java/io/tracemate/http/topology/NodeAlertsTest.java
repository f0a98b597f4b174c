package io.tracemate.http.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertState;
import io.tracemate.alerting.model.Evidence;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.red.RedSummary;
import io.tracemate.servicegraph.Health;
import io.tracemate.servicegraph.HealthReason;
import io.tracemate.servicegraph.HealthState;
import io.tracemate.servicegraph.HealthThresholds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which firing alerts a node shows and how they change its health. */
class NodeAlertsTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  private static Alert firing(String name, Instant firedAt, String... labels) {
    TreeMap<String, String> map = new TreeMap<>();
    map.put("alertname", name);
    for (int i = 0; i < labels.length; i += 2) {
      map.put(labels[i], labels[i + 1]);
    }
    return new Alert(
        TenantId.DEFAULT,
        map,
        Map.of(),
        AlertState.FIRING,
        firedAt,
        firedAt,
        null,
        1,
        "http://ui/",
        Evidence.NONE);
  }

  private static Health unknown() {
    return HealthThresholds.defaults().evaluate("checkout", (RedSummary) null);
  }

  @Test
  void serviceNameWinsOverServiceAndAlertsNamingNoServiceAreLeftOut() {
    NodeAlerts alerts =
        NodeAlerts.of(
            List.of(
                firing("A", T0, "service_name", "checkout", "service", "billing"),
                firing("B", T0, "service", "billing"),
                firing("C", T0, "job", "checkout"),
                firing("D", T0, "service_name", "", "service", "checkout")));
    assertThat(alerts.of("checkout")).extracting(Alert::name).containsExactly("A", "D");
    assertThat(alerts.of("billing")).extracting(Alert::name).containsExactly("B");
  }

  @Test
  void onlyCriticalAlertsMakeANodeCriticalEvenOneWithoutRequests() {
    NodeAlerts warningOnly =
        NodeAlerts.of(
            List.of(firing("Slow", T0, "service_name", "checkout", "severity", "warning")));
    assertThat(warningOnly.judge("checkout", unknown()).state()).isEqualTo(HealthState.UNKNOWN);

    NodeAlerts critical =
        NodeAlerts.of(
            List.of(
                firing("Slow", T0, "service_name", "checkout", "severity", "warning"),
                firing(
                    "Down",
                    T0.plusSeconds(5),
                    "service_name",
                    "checkout",
                    "severity",
                    "CRITICAL")));
    Health judged = critical.judge("checkout", unknown());
    assertThat(judged.state()).isEqualTo(HealthState.CRITICAL);
    assertThat(judged.reasons().getFirst())
        .isEqualTo(
            new HealthReason(HealthReason.Kind.ALERT, HealthState.CRITICAL, "alert Down firing"));
    assertThat(judged.reason()).isEqualTo("alert Down firing; no requests in the window");
    // Listed critical first, though the warning fired earlier.
    assertThat(critical.of("checkout")).extracting(Alert::name).containsExactly("Down", "Slow");
    assertThat(critical.judge("billing", unknown()).state()).isEqualTo(HealthState.UNKNOWN);
  }

  @Test
  void theReasonNamesAFewAlertsOnceEachAndCountsTheRest() {
    List<Alert> firing = new ArrayList<>();
    for (String name : List.of("E1", "E2", "E2", "E3", "E4", "E5")) {
      firing.add(
          firing(
              name,
              T0,
              "service_name",
              "checkout",
              "severity",
              "critical",
              "pod",
              "p" + firing.size()));
    }
    Health judged = NodeAlerts.of(firing).judge("checkout", unknown());
    assertThat(judged.reasons().getFirst().text()).isEqualTo("alerts E1, E2, E3 and 2 more firing");
  }
}
