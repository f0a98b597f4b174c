package io.tracemate.servicegraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.red.RedSummary;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class HealthThresholdsTest {

  private static RedSummary red(long calls, long errors, double p99Millis) {
    return new RedSummary(calls, errors, calls / 60.0, calls == 0 ? 0 : (double) errors / calls, p99Millis / 2,
        p99Millis / 1.5, p99Millis, calls * p99Millis / 2);
  }

  static Stream<Arguments> boundaries() {
    return Stream.of(
        Arguments.of(10_000, 99, 100, HealthState.HEALTHY, "error rate 0.99% < 1%, p99 100 ms ≤ 1000 ms"),
        Arguments.of(100, 1, 100, HealthState.WARNING, "error rate 1% ≥ 1%"),
        Arguments.of(100, 5, 100, HealthState.WARNING, "error rate 5% ≥ 1%"),
        Arguments.of(10_000, 501, 100, HealthState.CRITICAL, "error rate 5.01% > 5%"),
        Arguments.of(100, 0, 1000, HealthState.HEALTHY, "error rate 0% < 1%, p99 1000 ms ≤ 1000 ms"),
        Arguments.of(100, 0, 1000.4, HealthState.WARNING, "p99 1000.4 ms > 1000 ms"),
        Arguments.of(100, 0, 2500, HealthState.WARNING, "p99 2500 ms > 1000 ms"),
        Arguments.of(1000, 32, 1500, HealthState.WARNING, "error rate 3.2% ≥ 1%; p99 1500 ms > 1000 ms"),
        Arguments.of(100, 10, 1500, HealthState.CRITICAL, "error rate 10% > 5%"),
        Arguments.of(100, 0, 2.5, HealthState.HEALTHY, "error rate 0% < 1%, p99 2.5 ms ≤ 1000 ms"),
        Arguments.of(0, 0, Double.NaN, HealthState.UNKNOWN, "no requests in the window"));
  }

  @ParameterizedTest(name = "{0} calls, {1} errors, p99 {2} ms → {3}")
  @MethodSource("boundaries")
  void judgesByErrorRatioThenP99(long calls, long errors, double p99, HealthState state, String reason) {
    Health health = HealthThresholds.defaults().evaluate("any", red(calls, errors, p99));
    assertThat(health.state()).isEqualTo(state);
    assertThat(health.reason()).isEqualTo(reason);
    assertThat(health.thresholds()).isEqualTo(new Thresholds(1000, 0.01, 0.05));
  }

  @Test
  void aServiceOverrideReplacesOnlyTheKeysItSets() {
    HealthThresholds thresholds = new HealthThresholds(800.0, null, null,
        Map.of("payment-service", new HealthThresholds.ServiceOverride(500.0, 0.005, null)));
    assertThat(thresholds.forService("payment-service")).isEqualTo(new Thresholds(500, 0.005, 0.05));
    assertThat(thresholds.forService("order-service")).isEqualTo(new Thresholds(800, 0.01, 0.05));

    RedSummary sixPerThousand = red(1000, 6, 100);
    assertThat(thresholds.evaluate("payment-service", sixPerThousand).reason()).isEqualTo("error rate 0.6% ≥ 0.5%");
    assertThat(thresholds.evaluate("order-service", sixPerThousand).state()).isEqualTo(HealthState.HEALTHY);
    assertThat(thresholds.evaluate("payment-service", red(1000, 0, 600)).state()).isEqualTo(HealthState.WARNING);
    assertThat(thresholds.evaluate("order-service", red(1000, 0, 600)).state()).isEqualTo(HealthState.HEALTHY);
  }

  @Test
  void invalidThresholdsNameTheirYamlPath() {
    assertThatThrownBy(() -> new HealthThresholds(0.0, null, null, null))
        .hasMessage("service_graph.health.p99_ms must be a positive number of milliseconds, got 0.0");
    assertThatThrownBy(() -> new HealthThresholds(null, 1.5, null, null))
        .hasMessageStartingWith("service_graph.health.warning_error_ratio must be within [0, 1]");
    assertThatThrownBy(() -> new HealthThresholds(null, null, null,
        Map.of("x", new HealthThresholds.ServiceOverride(null, 0.2, null))))
        .hasMessage("service_graph.health.services.x: warning_error_ratio (0.2) must not exceed "
            + "critical_error_ratio (0.05)");
  }
}
