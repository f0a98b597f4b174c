package io.tracemate.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertState;
import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.promql.engine.InMemorySeriesSource;
import io.tracemate.promql.engine.Labels;
import io.tracemate.promql.engine.PromQLEngine;
import io.tracemate.promql.engine.QueryResult;
import io.tracemate.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baseline rules on a controlled clock over weeks of simulated time: a daily pattern (slow mornings, fast evenings)
 * with noise is learned; the band follows the time of day, first from the trailing hours, then from the same time on
 * past days, then from the same time of past weeks; a spike above it fires an alert written in plain PromQL; and
 * the profile survives a restart. Seeded: the noise is the same on every run.
 */
class BaselineRulesTest {
  private static final TenantId TENANT = TenantId.parse("team-a");
  // A Monday, 00:00 UTC.
  private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(1);
  private static final String GROUP =
      """
      name: latency
      kind: promql
      interval: 1m
      rules:
        - baseline: service:latency_p99
          expr: latency_p99
          season: 1w
          band: 3
        - alert: LatencyAboveBaseline
          expr: service:latency_p99 > service:latency_p99:baseline_upper
          for: 10m
      """;

  @TempDir Path data;

  private final MutableClock clock = new MutableClock(START);
  private final InMemorySeriesSource series = new InMemorySeriesSource();
  private final Random noise = new Random(42);
  private Ruler ruler;

  @AfterEach
  void close() {
    if (ruler != null) {
      ruler.close();
    }
  }

  private Ruler newRuler(int maxBaselineSeries) {
    RulerSettings settings =
        RulerSettings.defaults(data)
            .withEvaluationDelay(Duration.ZERO)
            .withMaxBaselineSeries(maxBaselineSeries);
    Ruler r =
        new Ruler(
            settings,
            scope -> series,
            EngineSettings.defaults(),
            null,
            batch -> {},
            clock,
            new RulerMetrics(null));
    r.load();
    return r;
  }

  private void setGroup(String yaml) {
    ruler.setGroup(TENANT, "ns", ruler.parser().parseGroup("ns", yaml));
  }

  /** The normal p99 of checkout: 180 ms at 06:00, 20 ms at 18:00 (UTC), on every day. */
  private static double normal(Instant t) {
    double minuteOfDay = (t.getEpochSecond() % 86_400) / 60.0;
    return 100 + 80 * Math.sin(2 * Math.PI * minuteOfDay / 1440);
  }

  /** Appends the value at the clock's time and evaluates; {@code extra} is added to the normal value. */
  private void step(String service, double extra) {
    clock.advance(STEP);
    double value = normal(clock.instant()) + extra + noise.nextGaussian() * 5;
    series.append(Labels.of("__name__", "latency_p99", "service", service), clock.millis(), value);
    ruler.evaluateAll();
  }

  private void run(Duration duration) {
    for (long i = 0; i < duration.dividedBy(STEP); i++) {
      step("checkout", 0);
    }
  }

  /** The value of {@code metric} of checkout at the clock's time, or null when it has none. */
  private Double valueOf(String metric) {
    PromQLEngine engine =
        new PromQLEngine(ruler.seriesFor(TenantScope.of(TENANT)), EngineSettings.defaults());
    QueryResult result =
        engine.instantQuery(metric + "{service=\"checkout\"}", clock.millis(), Cancellation.none());
    List<QueryResult.Sample> samples = ((QueryResult.Vector) result).samples();
    return samples.isEmpty() ? null : samples.getFirst().value();
  }

  /** Runs until the clock's time of day is {@code hour}:00. */
  private void runUntilHour(int hour) {
    do {
      step("checkout", 0);
    } while (clock.instant().getEpochSecond() % 86_400 != hour * 3600L);
  }

  private List<Alert> firing() {
    return ruler.alerts(TenantScope.of(TENANT)).stream()
        .filter(a -> a.state() == AlertState.FIRING)
        .toList();
  }

  @Test
  void learnsTheShapeOfTheDayFiresOnASpikeAboveItAndKeepsItAcrossARestart() {
    ruler = newRuler(1000);
    setGroup(GROUP);
    step("checkout", 0);
    assertThat(valueOf("service:latency_p99")).isNotNull();
    assertThat(valueOf("service:latency_p99:baseline_upper")).as("nothing learned yet").isNull();

    // An hour in: the trailing mean and spread, which know nothing of the time of day yet.
    run(Duration.ofHours(1));
    assertThat(valueOf("service:latency_p99:baseline_upper")).isNotNull();
    assertThat(valueOf("service:latency_p99:baseline_samples")).isEqualTo(60);

    // Two days in: the same time on the past days, which tells 06:00 from 18:00.
    runUntilHour(0);
    runUntilHour(0);
    runUntilHour(6);
    double morningMean = valueOf("service:latency_p99:baseline_mean");
    double morningUpper = valueOf("service:latency_p99:baseline_upper");
    assertThat(morningMean).isCloseTo(normal(clock.instant()), within(10.0));
    runUntilHour(18);
    double eveningMean = valueOf("service:latency_p99:baseline_mean");
    double eveningUpper = valueOf("service:latency_p99:baseline_upper");
    assertThat(eveningMean).isCloseTo(normal(clock.instant()), within(10.0));
    assertThat(morningUpper - eveningUpper).isGreaterThan(120);
    assertThat(valueOf("service:latency_p99:baseline_lower")).isLessThan(eveningMean);

    // Past two weeks: the same time of the past weeks; a normal day raises no alert.
    run(Duration.ofDays(13));
    for (int i = 0; i < 1440; i++) {
      step("checkout", 0);
      assertThat(firing()).isEmpty();
    }
    runUntilHour(18);
    assertThat(valueOf("service:latency_p99:baseline_mean"))
        .isCloseTo(normal(clock.instant()), within(10.0));
    // Five values a week in each of three pooled slots, two weeks with the older one weighed 3/4
    // (the daily profile would hold more than 50 by now).
    assertThat(valueOf("service:latency_p99:baseline_samples")).isCloseTo(26.25, within(0.01));

    // 20 ms is normal at 18:00; 120 ms is normal at noon but some twenty deviations above 18:00's.
    step("checkout", 100);
    assertThat(ruler.alerts(TenantScope.of(TENANT)))
        .singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.PENDING));
    for (int i = 0; i < 10; i++) {
      step("checkout", 100);
    }
    assertThat(firing())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.labels()).containsEntry("service", "checkout");
              assertThat(a.value()).isGreaterThan(100);
              assertThat(a.firedAt()).isEqualTo(clock.instant());
            });
    step("checkout", 0);
    assertThat(firing()).isEmpty();

    // A restart keeps what was learned: the first evaluation writes the weekly band at once.
    double before = valueOf("service:latency_p99:baseline_upper");
    ruler.close();
    ruler = newRuler(1000);
    step("checkout", 0);
    assertThat(valueOf("service:latency_p99:baseline_mean"))
        .isCloseTo(normal(clock.instant()), within(10.0));
    assertThat(valueOf("service:latency_p99:baseline_upper")).isCloseTo(before, within(10.0));
    assertThat(valueOf("service:latency_p99:baseline_samples")).isCloseTo(26.25, within(0.01));

    // A ruler on another data directory has learned nothing.
    ruler.close();
    data = data.resolve("elsewhere");
    ruler = newRuler(1000);
    setGroup(GROUP);
    step("checkout", 0);
    assertThat(valueOf("service:latency_p99:baseline_upper")).isNull();
  }

  @Test
  void theSeriesATenantLearnsAreBounded() {
    ruler = newRuler(1);
    setGroup(GROUP);
    step("checkout", 0);
    series.append(
        Labels.of("__name__", "latency_p99", "service", "cart"), clock.millis() + 1_000, 10);
    clock.advance(Duration.ofSeconds(1));
    ruler.evaluateAll();
    ruler.evaluateAll();
    RuleStatus baseline =
        ruler.status(TenantScope.of(TENANT)).getFirst().rules().stream()
            .filter(r -> r.rule().isBaseline())
            .findFirst()
            .orElseThrow();
    assertThat(baseline.health()).isEqualTo("err");
    assertThat(baseline.lastError()).contains("ruler.max_baseline_series_per_tenant");
  }
}
