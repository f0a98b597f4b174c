package io.tracemate.alerting.notify.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.alerting.notify.NotifiedAlert;
import io.tracemate.alerting.notify.TestAlerts;
import io.tracemate.common.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prometheus' sending rules, evaluation by evaluation. */
class ResendStateTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final TenantId TENANT = TenantId.parse("team-a");

  private final ResendState state = new ResendState(Duration.ofMinutes(1), "tenant", "");
  private final Alert firing = TestAlerts.firing(TENANT, Map.of("alertname", "A"), T0);

  @Test
  void pendingAlertsAreNeverSent() {
    Alert pending = TestAlerts.pending(TENANT, Map.of("alertname", "P"), T0);
    assertThat(state.toSend(TestAlerts.batch(T0, pending), T0)).isEmpty();
  }

  @Test
  void firingIsSentAtOnceThenOncePerResendDelayWithEndsAtFourTimesTheLongerOfIntervalAndDelay() {
    List<NotifiedAlert> first = state.toSend(TestAlerts.batch(T0, firing), T0);
    assertThat(first).hasSize(1);
    assertThat(first.getFirst().labels()).containsEntry("tenant", "team-a");
    assertThat(first.getFirst().startsAt()).isEqualTo(T0);
    assertThat(first.getFirst().endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(4)));

    assertThat(
            state.toSend(
                batchAt(T0.plusSeconds(30), Duration.ofMinutes(1), firing), T0.plusSeconds(30)))
        .isEmpty();
    Instant later = T0.plusSeconds(60);
    List<NotifiedAlert> resent = state.toSend(batchAt(later, Duration.ofMinutes(1), firing), later);
    assertThat(resent).hasSize(1);
    assertThat(resent.getFirst().endsAt()).isEqualTo(later.plus(Duration.ofMinutes(4)));

    // A group evaluated every 5m promises 4 × 5m.
    Instant slow = later.plusSeconds(300);
    assertThat(state.toSend(batchAt(slow, Duration.ofMinutes(5), firing), slow).getFirst().endsAt())
        .isEqualTo(slow.plus(Duration.ofMinutes(20)));
  }

  @Test
  void aResolutionIsSentAtOnceWithItsEndAndThenAgainEveryResendDelay() {
    state.toSend(TestAlerts.batch(T0, firing), T0);
    Instant at = T0.plusSeconds(15);
    Alert resolved = TestAlerts.resolved(firing, at);
    List<NotifiedAlert> sent = state.toSend(TestAlerts.batch(at, resolved), at);
    assertThat(sent)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.resolved()).isTrue();
              assertThat(a.endsAt()).isEqualTo(at);
            });
    assertThat(state.toSend(TestAlerts.batch(at.plusSeconds(30), resolved), at.plusSeconds(30)))
        .isEmpty();
    assertThat(state.toSend(TestAlerts.batch(at.plusSeconds(60), resolved), at.plusSeconds(60)))
        .hasSize(1);
  }

  @Test
  void anAlertTheEvaluatorNoLongerReportsIsForgottenAndSentAfreshWhenItReturns() {
    state.toSend(TestAlerts.batch(T0, firing), T0);
    assertThat(state.toSend(batchAt(T0.plusSeconds(10), Duration.ofMinutes(1)), T0.plusSeconds(10)))
        .isEmpty();
    assertThat(state.toSend(TestAlerts.batch(T0.plusSeconds(20), firing), T0.plusSeconds(20)))
        .hasSize(1);
  }

  private static AlertBatch batchAt(Instant at, Duration interval, Alert... alerts) {
    return new AlertBatch(TENANT, "rules.yaml", "errors", interval, at, List.of(alerts));
  }
}
