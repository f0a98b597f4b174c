package io.tracemate.servicegraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.red.RedSummary;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HealthThresholdsTest {
  private static final HealthThresholds ONE_SECOND_SLO =
      new HealthThresholds(1000.0, null, null, null);

  private static RedSummary red(long calls, long errors, double p99Millis) {
    return new RedSummary(
        calls,
        errors,
        calls / 60.0,
        calls == 0 ? 0 : (double) errors / calls,
        p99Millis / 2,
        p99Millis / 1.5,
        p99Millis,
        calls * p99Millis / 2);
  }

  static Stream<Arguments> withAnSlo() {
    return Stream.of(
        Arguments.of(
            10_000, 99, 100, HealthState.HEALTHY, "error rate 0.99% < 1%; p99 100 ms ≤ SLO 1 s"),
        Arguments.of(100, 1, 100, HealthState.WARNING, "error rate 1% ≥ 1%; p99 100 ms ≤ SLO 1 s"),
        Arguments.of(100, 5, 100, HealthState.WARNING, "error rate 5% ≥ 1%; p99 100 ms ≤ SLO 1 s"),
        Arguments.of(
            10_000, 501, 100, HealthState.CRITICAL, "error rate 5.01% > 5%; p99 100 ms ≤ SLO 1 s"),
        Arguments.of(100, 0, 1000, HealthState.HEALTHY, "error rate 0% < 1%; p99 1 s ≤ SLO 1 s"),
        Arguments.of(
            100, 0, 1000.4, HealthState.WARNING, "p99 1000.4 ms > SLO 1 s; error rate 0% < 1%"),
        Arguments.of(100, 0, 4420, HealthState.WARNING, "p99 4.42 s > SLO 1 s; error rate 0% < 1%"),
        Arguments.of(
            1000, 32, 1500, HealthState.WARNING, "error rate 3.2% ≥ 1%; p99 1.5 s > SLO 1 s"),
        Arguments.of(
            100, 10, 1500, HealthState.CRITICAL, "error rate 10% > 5%; p99 1.5 s > SLO 1 s"),
        Arguments.of(100, 0, 2.5, HealthState.HEALTHY, "error rate 0% < 1%; p99 2.5 ms ≤ SLO 1 s"),
        Arguments.of(0, 0, Double.NaN, HealthState.UNKNOWN, "no requests in the window"));
  }

  @ParameterizedTest(name = "{0} calls, {1} errors, p99 {2} ms → {3}")
  @MethodSource("withAnSlo")
  void judgesErrorsAndLatencyApartAndSaysWhy(
      long calls, long errors, double p99, HealthState state, String reason) {
    Health health = ONE_SECOND_SLO.evaluate("any", red(calls, errors, p99));
    assertThat(health.state()).isEqualTo(state);
    assertThat(health.reason()).isEqualTo(reason);
    assertThat(health.thresholds()).isEqualTo(new Thresholds(1000.0, 0.01, 0.05));
  }

  @Test
  void withoutAnSloLatencyIsJudgedAgainstItsOwnNormal() {
    HealthThresholds defaults = HealthThresholds.defaults();
    // An LLM call is slow by nature: 1,047 ms against its usual 980 ms is normal, not a warning.
    Health llm = defaults.evaluate("llm", red(500, 0, 1047), red(20_000, 0, 980));
    assertThat(llm.state()).isEqualTo(HealthState.HEALTHY);
    assertThat(llm.reason())
        .isEqualTo(
            "error rate 0% < 1%; p99 1.05 s, 1.1× its normal 980 ms (p99 of the "
                + "previous 24 h)");
    // A service usually at 120 ms now at 4.4 s stands out, and says it is latency, not errors.
    Health orders = defaults.evaluate("orders", red(500, 0, 4420), red(20_000, 0, 120));
    assertThat(orders.state()).isEqualTo(HealthState.WARNING);
    assertThat(orders.reasons().getFirst())
        .isEqualTo(
            new HealthReason(
                HealthReason.Kind.LATENCY,
                HealthState.WARNING,
                "p99 4.42 s, 37× its normal 120 ms (p99 of the previous 24 h)"));
    assertThat(orders.baselineP99Millis()).isEqualTo(120);
    // Twice a sub-millisecond normal is jitter, not slowness: the increase must be 10 ms too.
    assertThat(defaults.evaluate("db", red(500, 0, 0.9), red(20_000, 0, 0.3)).state())
        .isEqualTo(HealthState.HEALTHY);
    // Too little history teaches nothing: latency is shown, not judged.
    Health fresh = defaults.evaluate("new", red(500, 0, 4420), red(49, 0, 100));
    assertThat(fresh.state()).isEqualTo(HealthState.HEALTHY);
    assertThat(fresh.reason())
        .endsWith(
            "p99 4.42 s (not judged: no SLO, and too little traffic in the last 24 h to "
                + "learn its normal)");
    assertThat(fresh.baselineP99Millis()).isNaN();
    // An SLO wins over the baseline.
    assertThat(ONE_SECOND_SLO.evaluate("orders", red(500, 0, 900), red(20_000, 0, 100)).state())
        .isEqualTo(HealthState.HEALTHY);
  }

  @Test
  void aServiceOverrideReplacesOnlyTheKeysItSets() {
    HealthThresholds thresholds =
        new HealthThresholds(
            800.0,
            null,
            null,
            Map.of("payment-service", new HealthThresholds.ServiceOverride(500.0, 0.005, null)));
    assertThat(thresholds.forService("payment-service"))
        .isEqualTo(new Thresholds(500.0, 0.005, 0.05));
    assertThat(thresholds.forService("order-service")).isEqualTo(new Thresholds(800.0, 0.01, 0.05));
    assertThat(HealthThresholds.defaults().forService("order-service"))
        .isEqualTo(new Thresholds(null, 0.01, 0.05));

    RedSummary sixPerThousand = red(1000, 6, 100);
    assertThat(thresholds.evaluate("payment-service", sixPerThousand).reason())
        .isEqualTo("error rate 0.6% ≥ 0.5%; p99 100 ms ≤ SLO 500 ms");
    assertThat(thresholds.evaluate("order-service", sixPerThousand).state())
        .isEqualTo(HealthState.HEALTHY);
    assertThat(thresholds.evaluate("payment-service", red(1000, 0, 600)).state())
        .isEqualTo(HealthState.WARNING);
    assertThat(thresholds.evaluate("order-service", red(1000, 0, 600)).state())
        .isEqualTo(HealthState.HEALTHY);
  }

  @Test
  void anOperationIsJudgedByItsOwnSloElseItsServicesElseItsOwnNormal() {
    HealthThresholds thresholds =
        new HealthThresholds(
            null,
            null,
            null,
            Map.of(
                "order-service",
                new HealthThresholds.ServiceOverride(
                    2000.0,
                    null,
                    null,
                    Map.of(
                        "GET /orders/{id}",
                        new HealthThresholds.OperationOverride(300.0, 0.02, null)))));
    assertThat(thresholds.forOperation("order-service", "GET /orders/{id}"))
        .isEqualTo(new Thresholds(300.0, 0.02, 0.05));
    assertThat(thresholds.forOperation("order-service", "POST /orders"))
        .isEqualTo(new Thresholds(2000.0, 0.01, 0.05));
    assertThat(thresholds.forOperation("payment-service", "POST /pay"))
        .isEqualTo(new Thresholds(null, 0.01, 0.05));

    // 450 ms is fine for the service's 2 s SLO, not for this lookup's 300 ms; 1.5 % errors is under
    // its 2 %.
    Health lookup =
        thresholds.evaluateOperation("order-service", "GET /orders/{id}", red(1000, 15, 450), null);
    assertThat(lookup.state()).isEqualTo(HealthState.WARNING);
    assertThat(lookup.reason()).isEqualTo("p99 450 ms > SLO 300 ms; error rate 1.5% < 2%");
    assertThat(
            thresholds
                .evaluateOperation("order-service", "POST /orders", red(1000, 0, 1500), null)
                .state())
        .isEqualTo(HealthState.HEALTHY);
    // Without any SLO, an operation is compared with its own past, not with its service's other
    // operations.
    Health pay =
        thresholds.evaluateOperation(
            "payment-service", "POST /pay", red(500, 0, 900), red(20_000, 0, 200));
    assertThat(pay.reason())
        .isEqualTo(
            "p99 900 ms, 4.5× its normal 200 ms (p99 of the previous 24 h); error rate 0% < 1%");
  }

  @Test
  void invalidThresholdsNameTheirYamlPath() {
    assertThatThrownBy(() -> new HealthThresholds(0.0, null, null, null))
        .hasMessage(
            "service_graph.health.p99_ms must be a positive number of milliseconds, got 0.0");
    assertThatThrownBy(() -> new HealthThresholds(null, 1.5, null, null))
        .hasMessageStartingWith("service_graph.health.warning_error_ratio must be within [0, 1]");
    assertThatThrownBy(
            () ->
                new HealthThresholds(
                    null,
                    null,
                    null,
                    Map.of("x", new HealthThresholds.ServiceOverride(null, 0.2, null))))
        .hasMessage(
            "service_graph.health.services.x: warning_error_ratio (0.2) must not exceed "
                + "critical_error_ratio (0.05)");
    assertThatThrownBy(
            () ->
                new HealthThresholds(
                    null,
                    null,
                    null,
                    Map.of(
                        "x",
                        new HealthThresholds.ServiceOverride(
                            null,
                            null,
                            null,
                            Map.of(
                                "GET /",
                                new HealthThresholds.OperationOverride(-5.0, null, null))))))
        .hasMessage(
            "service_graph.health.services.x.operations.GET /.p99_ms must be a positive number of "
                + "milliseconds, got -5.0");
    assertThatThrownBy(() -> new HealthThresholds.LatencyBaseline(null, 1.0, null, null))
        .hasMessage(
            "service_graph.health.latency_baseline.factor must be a number above 1, got 1.0");
  }
}
