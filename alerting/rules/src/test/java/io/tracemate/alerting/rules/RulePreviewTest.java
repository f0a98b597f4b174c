package io.tracemate.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.alerting.model.AlertState;
import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logql.engine.LogQLEngine;
import io.tracemate.logs.memory.InMemoryLogStore;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.promql.engine.InMemorySeriesSource;
import io.tracemate.promql.engine.Labels;
import io.tracemate.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Previews over real engines: the intervals a preview reports are those the ruler, ticking over the same data on a
 * controlled clock, goes through ({@code for}, {@code keep_firing_for}, resolution); the compared side of a
 * comparison; the group's limit failing evaluations as in the ruler; LogQL rules over the in-memory log store.
 */
class RulePreviewTest {
  private static final TenantId TENANT = TenantId.parse("team-a");
  private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static final String GROUP =
      """
      name: errors
      kind: promql
      interval: 1m
      rules:
        - alert: HighErrorRate
          expr: error_ratio > 0.05
          for: 3m
          keep_firing_for: 2m
          labels: {severity: page}
      """;

  @TempDir Path data;

  private final MutableClock clock = new MutableClock(START);
  private final InMemorySeriesSource series = new InMemorySeriesSource();
  private final InMemoryLogStore logs = new InMemoryLogStore();
  private final List<AlertBatch> batches = new CopyOnWriteArrayList<>();
  private Ruler ruler;

  @AfterEach
  void close() {
    if (ruler != null) {
      ruler.close();
    }
  }

  private Ruler newRuler() {
    LogQLEngine logql =
        new LogQLEngine(
            logs.reader(), EngineLimits.defaults(), Executors.newSingleThreadExecutor());
    Ruler r =
        new Ruler(
            RulerSettings.defaults(data).withEvaluationDelay(Duration.ZERO),
            scope -> series,
            EngineSettings.defaults(),
            logql,
            batches::add,
            clock,
            new RulerMetrics(null));
    r.load();
    return r;
  }

  /**
   * checkout above 5 % in minutes 3-10 and 12-14 (a one-minute dip at 11, bridged by keep_firing_for); pay above it
   * in minutes 20-21 only, shorter than {@code for}.
   */
  private void writeRatios() {
    for (int minute = 0; minute <= 30; minute++) {
      long t = START.plus(MINUTE.multipliedBy(minute)).toEpochMilli();
      boolean checkout = minute >= 3 && minute <= 14 && minute != 11;
      boolean pay = minute == 20 || minute == 21;
      series.append(
          Labels.of("__name__", "error_ratio", "service_name", "checkout"),
          t,
          checkout ? 0.2 : 0.01);
      series.append(
          Labels.of("__name__", "error_ratio", "service_name", "pay"), t, pay ? 0.3 : 0.01);
    }
  }

  private RulePreview preview(String yaml, int rule, Duration length) {
    RuleGroup group = ruler.parser().parseGroup("test", yaml);
    return ruler.preview(
        TENANT, group, rule, START, START.plus(length), MINUTE, Cancellation.none());
  }

  private static RulePreview.SeriesPreview seriesOf(RulePreview preview, String service) {
    return preview.series().stream()
        .filter(s -> service.equals(s.series().labels().get("service_name")))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void intervalsAreThoseTheRulerGoesThroughOverTheSameData() {
    ruler = newRuler();
    writeRatios();
    RulePreview preview = preview(GROUP, 0, Duration.ofMinutes(30));

    assertThat(preview.evaluations()).isEqualTo(31);
    assertThat(preview.seriesTotal()).isEqualTo(2);
    // A comparison's result holds only the points where it is true.
    RulePreview.SeriesPreview checkout = seriesOf(preview, "checkout");
    assertThat(checkout.series().values()).hasSize(11).containsOnly(0.2);
    assertThat(checkout.alertLabels())
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of(
                    "alertname", "HighErrorRate", "service_name", "checkout", "severity", "page")));
    assertThat(checkout.intervals())
        .containsExactly(
            new RulePreview.Interval(AlertState.PENDING, at(3), at(6), false),
            new RulePreview.Interval(AlertState.FIRING, at(6), at(17), false));
    assertThat(seriesOf(preview, "pay").intervals())
        .containsExactly(new RulePreview.Interval(AlertState.PENDING, at(20), at(22), false));
    // The series that fired comes first.
    assertThat(preview.series().getFirst()).isSameAs(checkout);

    // The ruler itself, ticking every minute over the same data, goes through the same states.
    ruler.setGroup(TENANT, "ns", ruler.parser().parseGroup("ns", GROUP));
    Map<String, List<String>> states = new LinkedHashMap<>();
    for (int minute = 0; minute <= 30; minute++) {
      clock.set(at(minute));
      ruler.evaluateAll();
      for (Alert alert : batches.getLast().alerts()) {
        if (alert.state() != AlertState.RESOLVED) {
          states
              .computeIfAbsent(alert.labels().get("service_name"), s -> new ArrayList<>())
              .add(minute + ":" + alert.state());
        }
      }
    }
    for (RulePreview.SeriesPreview one : preview.series()) {
      List<String> expected = new ArrayList<>();
      for (RulePreview.Interval interval : one.intervals()) {
        for (Instant t = interval.start(); t.isBefore(interval.end()); t = t.plus(MINUTE)) {
          expected.add(Duration.between(START, t).toMinutes() + ":" + interval.state());
        }
      }
      assertThat(states.get(one.series().labels().get("service_name"))).isEqualTo(expected);
    }
  }

  @Test
  void anAlertStillActiveAtTheEndIsOngoing() {
    ruler = newRuler();
    writeRatios();
    RulePreview preview = preview(GROUP, 0, Duration.ofMinutes(8));
    assertThat(seriesOf(preview, "checkout").intervals())
        .containsExactly(
            new RulePreview.Interval(AlertState.PENDING, at(3), at(6), false),
            new RulePreview.Interval(AlertState.FIRING, at(6), at(8), true));
  }

  @Test
  void aComparisonShowsItsComparedSideWholeWithTheThreshold() {
    ruler = newRuler();
    writeRatios();
    RulePreview preview = preview(GROUP, 0, Duration.ofMinutes(30));
    assertThat(preview.compared()).isNotNull();
    assertThat(preview.compared().expr()).isEqualTo("error_ratio");
    assertThat(preview.compared().threshold()).isEqualTo(0.05);
    assertThat(preview.compared().series()).hasSize(2);
    assertThat(preview.compared().series().getFirst().values()).hasSize(31);

    RulePreview notComparison =
        preview(GROUP.replace("error_ratio > 0.05", "error_ratio * 2"), 0, Duration.ofMinutes(5));
    assertThat(notComparison.compared()).isNull();
    RulePreview withBool =
        preview(GROUP.replace("error_ratio > 0.05", "error_ratio > bool 0.05"), 0, MINUTE);
    assertThat(withBool.compared()).isNull();
  }

  @Test
  void theGroupsLimitFailsEvaluationsAsInTheRuler() {
    ruler = newRuler();
    writeRatios();
    RulePreview preview =
        preview(
            GROUP.replace("interval: 1m", "interval: 1m\nlimit: 1").replace("0.05", "0"),
            0,
            Duration.ofMinutes(2));
    assertThat(preview.failures()).hasSize(3);
    assertThat(preview.failures().getFirst().message())
        .contains("exceeded limit of 1 with 2 alerts");
    assertThat(preview.series()).allSatisfy(s -> assertThat(s.intervals()).isEmpty());
  }

  @Test
  void recordingRulesShowTheirSeriesWithoutIntervals() {
    ruler = newRuler();
    writeRatios();
    RulePreview preview =
        preview(
            """
            name: rec
            kind: promql
            rules:
              - record: service:errors:x2
                expr: error_ratio * 2
            """,
            0,
            Duration.ofMinutes(10));
    assertThat(preview.series()).hasSize(2);
    assertThat(preview.series()).allSatisfy(s -> assertThat(s.alertLabels()).isNull());
    assertThat(preview.series().getFirst().series().values()).hasSize(11);
  }

  @Test
  void logqlRulesArePreviewedOverTheLogStore() {
    ruler = newRuler();
    List<LogEntry> entries = new ArrayList<>();
    // An error line every 10 s in minutes 2-6.
    for (int second = 120; second < 420; second += 10) {
      entries.add(
          new LogEntry(
              START.plusSeconds(second).toEpochMilli() * 1_000_000L, "error: card declined"));
    }
    logs.write(
        1,
        TENANT.value(),
        List.of(new LogStream(LabelSet.of("service_name", "checkout"), entries)));
    RulePreview preview =
        preview(
            """
            name: logs
            rules:
              - alert: ErrorLines
                expr: sum by (service_name) (count_over_time({service_name="checkout"} |= "error" [1m])) > 2
                for: 2m
            """,
            0,
            Duration.ofMinutes(12));
    RulePreview.SeriesPreview checkout = seriesOf(preview, "checkout");
    assertThat(checkout.intervals())
        .extracting(RulePreview.Interval::state)
        .containsExactly(AlertState.PENDING, AlertState.FIRING);
    assertThat(checkout.intervals().getFirst().start()).isEqualTo(at(3));
    assertThat(checkout.intervals().get(1).start()).isEqualTo(at(5));
    assertThat(checkout.intervals().get(1).end()).isEqualTo(at(8));
    assertThat(preview.compared().threshold()).isEqualTo(2.0);
  }

  private static Instant at(int minute) {
    return START.plus(MINUTE.multipliedBy(minute));
  }
}
