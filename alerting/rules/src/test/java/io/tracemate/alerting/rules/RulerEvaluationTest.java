package io.tracemate.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.alerting.model.AlertState;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ruler's evaluation on a controlled clock, over real engines (PromQL over in-memory series, LogQL over the
 * in-memory log store): Prometheus' alert state machine, limits, NaN, recording rules and state across a restart.
 */
class RulerEvaluationTest {
  private static final TenantId TENANT = TenantId.parse("team-a");
  private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

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

  private void setGroup(String yaml) {
    ruler.setGroup(TENANT, "ns", ruler.parser().parseGroup("ns", yaml));
  }

  /** Writes the error ratio of service {@code svc} at the clock's time. */
  private void ratio(String service, double value) {
    series.append(
        Labels.of("__name__", "error_ratio", "service_name", service), clock.millis(), value);
  }

  private List<Alert> step(Duration by) {
    clock.advance(by);
    ruler.evaluateAll();
    return batches.getLast().alerts();
  }

  @Test
  void pendingThenFiringAfterForThenResolvedAndForgotten() {
    ruler = newRuler();
    setGroup(
        """
        name: errors
        kind: promql
        rules:
          - alert: HighErrorRate
            expr: error_ratio > 0.05
            for: 2m
            labels: {severity: page}
            annotations:
              summary: "{{ $labels.service_name }} fails {{ $value | humanizePercentage }}"
        """);
    ratio("checkout", 0.2);
    ruler.evaluateAll();
    Alert pending = batches.getLast().alerts().getFirst();
    assertThat(pending.state()).isEqualTo(AlertState.PENDING);
    assertThat(pending.labels())
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of(
                    "alertname", "HighErrorRate", "service_name", "checkout", "severity", "page")));
    assertThat(pending.annotations()).containsEntry("summary", "checkout fails 20%");
    assertThat(pending.activeAt()).isEqualTo(START);

    clock.advance(Duration.ofMinutes(1));
    ratio("checkout", 0.2);
    assertThat(step(Duration.ZERO).getFirst().state()).isEqualTo(AlertState.PENDING);
    clock.advance(Duration.ofMinutes(1));
    ratio("checkout", 0.3);
    Alert firing = step(Duration.ZERO).getFirst();
    assertThat(firing.state()).isEqualTo(AlertState.FIRING);
    assertThat(firing.firedAt()).isEqualTo(START.plus(Duration.ofMinutes(2)));
    assertThat(firing.value()).isEqualTo(0.3);
    assertThat(firing.annotations()).containsEntry("summary", "checkout fails 30%");

    clock.advance(Duration.ofMinutes(1));
    ratio("checkout", 0.01);
    Alert resolved = step(Duration.ZERO).getFirst();
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.resolvedAt()).isEqualTo(START.plus(Duration.ofMinutes(3)));
    assertThat(ruler.alerts(io.tracemate.common.tenant.TenantScope.of(TENANT))).isEmpty();

    // Still reported for 15 minutes, then forgotten.
    clock.advance(Duration.ofMinutes(15));
    ratio("checkout", 0.01);
    assertThat(step(Duration.ZERO)).hasSize(1);
    clock.advance(Duration.ofMinutes(1));
    ratio("checkout", 0.01);
    assertThat(step(Duration.ZERO)).isEmpty();
  }

  @Test
  void pendingAlertThatStopsHoldingIsDroppedWithoutResolving() {
    ruler = newRuler();
    setGroup(
        """
        name: g
        kind: promql
        rules:
          - alert: A
            expr: error_ratio > 0.05
            for: 5m
        """);
    ratio("a", 0.5);
    ruler.evaluateAll();
    assertThat(batches.getLast().alerts()).hasSize(1);
    clock.advance(Duration.ofMinutes(1));
    ratio("a", 0.0);
    assertThat(step(Duration.ZERO)).isEmpty();
  }

  @Test
  void keepFiringForHoldsAFiringAlertAfterTheConditionClears() {
    ruler = newRuler();
    setGroup(
        """
        name: g
        kind: promql
        rules:
          - alert: A
            expr: error_ratio > 0.05
            keep_firing_for: 3m
        """);
    ratio("a", 0.5);
    ruler.evaluateAll();
    assertThat(batches.getLast().alerts().getFirst().state()).isEqualTo(AlertState.FIRING);
    // Cleared at minute 1: kept firing while less than 3m have passed since (minutes 1, 2, 3).
    for (int minute = 1; minute <= 3; minute++) {
      clock.advance(Duration.ofMinutes(1));
      ratio("a", 0.0);
      assertThat(step(Duration.ZERO).getFirst().state())
          .as("minute %d after clearing", minute)
          .isEqualTo(AlertState.FIRING);
    }
    clock.advance(Duration.ofMinutes(1));
    ratio("a", 0.0);
    assertThat(step(Duration.ZERO).getFirst().state()).isEqualTo(AlertState.RESOLVED);
  }

  @Test
  void overTheLimitAllTheRulesAlertsAreDroppedAndTheRuleFails() {
    ruler = newRuler();
    setGroup(
        """
        name: g
        kind: promql
        limit: 2
        rules:
          - alert: A
            expr: error_ratio > 0.05
        """);
    ratio("a", 0.5);
    ratio("b", 0.5);
    ruler.evaluateAll();
    assertThat(batches.getLast().alerts()).hasSize(2);
    clock.advance(Duration.ofMinutes(1));
    ratio("a", 0.5);
    ratio("b", 0.5);
    ratio("c", 0.5);
    assertThat(step(Duration.ZERO)).isEmpty();
    RuleStatus status =
        ruler
            .status(io.tracemate.common.tenant.TenantScope.of(TENANT))
            .getFirst()
            .rules()
            .getFirst();
    assertThat(status.health()).isEqualTo("err");
    assertThat(status.lastError()).isEqualTo("exceeded limit of 2 with 3 alerts");
  }

  @Test
  void nanIsFilteredByAComparisonButKeptOtherwise() {
    ruler = newRuler();
    setGroup(
        """
        name: g
        kind: promql
        rules:
          - alert: Compared
            expr: error_ratio > 0.05
          - alert: Raw
            expr: error_ratio
        """);
    ratio("a", Double.NaN);
    ruler.evaluateAll();
    List<Alert> alerts = batches.getLast().alerts();
    assertThat(alerts).extracting(Alert::name).containsExactly("Raw");
    assertThat(alerts.getFirst().value()).isNaN();
  }

  @Test
  void recordingRuleFeedsTheAlertAfterItAndTheQueryApiSource() {
    ruler = newRuler();
    setGroup(
        """
        name: g
        kind: promql
        rules:
          - record: service:error_ratio:max
            expr: max by (service_name) (error_ratio)
            labels: {source: rule}
          - alert: FromRecorded
            expr: service:error_ratio:max > 0.1
        """);
    ratio("a", 0.5);
    ratio("b", 0.01);
    ruler.evaluateAll();
    assertThat(batches.getLast().alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.labels())
                  .containsEntry("service_name", "a")
                  .containsEntry("source", "rule");
              assertThat(a.value()).isEqualTo(0.5);
            });
    List<String> names = new java.util.ArrayList<>();
    ruler
        .seriesFor(io.tracemate.common.tenant.TenantScope.of(TENANT))
        .select(
            new io.tracemate.promql.engine.SelectRequest(
                List.of(
                    new io.tracemate.promql.syntax.LabelMatcher(
                        "__name__",
                        io.tracemate.querysupport.MatchType.EQUAL,
                        "service:error_ratio:max")),
                0,
                Long.MAX_VALUE),
            io.tracemate.common.Cancellation.none(),
            s -> names.add(s.labels().get("service_name")));
    assertThat(names).containsExactlyInAnyOrder("a", "b");
    // Another tenant does not see them.
    List<String> other = new java.util.ArrayList<>();
    ruler
        .seriesFor(io.tracemate.common.tenant.TenantScope.of(TenantId.parse("team-b")))
        .select(
            new io.tracemate.promql.engine.SelectRequest(
                List.of(
                    new io.tracemate.promql.syntax.LabelMatcher(
                        "__name__",
                        io.tracemate.querysupport.MatchType.EQUAL,
                        "service:error_ratio:max")),
                0,
                Long.MAX_VALUE),
            io.tracemate.common.Cancellation.none(),
            s -> other.add(s.labels().toString()));
    assertThat(other).isEmpty();
  }

  @Test
  void restartInTheMiddleOfForKeepsTheTimer() {
    ruler = newRuler();
    setGroup(
        """
        name: g
        kind: promql
        rules:
          - alert: A
            expr: error_ratio > 0.05
            for: 5m
        """);
    ratio("a", 0.5);
    ruler.evaluateAll();
    clock.advance(Duration.ofMinutes(2));
    ratio("a", 0.5);
    ruler.evaluateAll();
    assertThat(batches.getLast().alerts().getFirst().state()).isEqualTo(AlertState.PENDING);
    ruler.close();

    // A new ruler over the same data directory: the rules and the pending alert come back.
    clock.advance(Duration.ofMinutes(2));
    ruler = newRuler();
    ratio("a", 0.5);
    ruler.evaluateAll();
    Alert alert = batches.getLast().alerts().getFirst();
    assertThat(alert.state()).isEqualTo(AlertState.PENDING);
    assertThat(alert.activeAt()).isEqualTo(START);
    clock.advance(Duration.ofMinutes(1));
    ratio("a", 0.5);
    Alert firing = step(Duration.ZERO).getFirst();
    assertThat(firing.state()).isEqualTo(AlertState.FIRING);
    assertThat(firing.firedAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
  }

  @Test
  void logqlRuleFiresWithTheLinesAndTraceIdsAsEvidence() {
    ruler = newRuler();
    setGroup(
        """
        name: logs
        rules:
          - alert: ErrorLines
            expr: sum by (app) (count_over_time({app="api"} |= "error" [5m])) > 1
            annotations:
              summary: "{{ $value }} error lines in {{ $labels.app }}"
        """);
    long now = clock.millis() * 1_000_000L;
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    logs.write(
        1,
        TENANT.value(),
        List.of(
            new LogStream(
                LabelSet.of("app", "api"),
                List.of(
                    new LogEntry(now - 120_000_000_000L, "ok"),
                    new LogEntry(
                        now - 60_000_000_000L,
                        "error: timeout",
                        LabelSet.of(LogEntry.TRACE_ID, trace)),
                    new LogEntry(now - 30_000_000_000L, "error: refused")))));
    ruler.evaluateAll();
    Alert alert = batches.getLast().alerts().getFirst();
    assertThat(alert.state()).isEqualTo(AlertState.FIRING);
    assertThat(alert.annotations()).containsEntry("summary", "2 error lines in api");
    assertThat(alert.evidence().logLines())
        .extracting(Evidence -> Evidence.line())
        .containsExactly("error: refused", "error: timeout");
    assertThat(alert.evidence().traceIds()).containsExactly(trace);
    assertThat(alert.generatorUrl()).startsWith("http://localhost:16686/logs?query=sum%20by");
    // Another tenant's ruler view is empty.
    assertThat(ruler.alerts(io.tracemate.common.tenant.TenantScope.of(TenantId.parse("team-b"))))
        .isEmpty();
  }

  @Test
  void aPromqlRuleWithAnEvidenceTemplateCarriesTheLinesOfItsSeries() {
    ruler = newRuler();
    setGroup(
        """
        name: errors
        kind: promql
        rules:
          - alert: HighErrorRate
            expr: error_ratio > 0.05
            evidence: '{service_name="{{ $labels.service_name }}"} |= "error"'
        """);
    long now = clock.millis() * 1_000_000L;
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    logs.write(
        1,
        TENANT.value(),
        List.of(
            new LogStream(
                LabelSet.of("service_name", "checkout"),
                List.of(
                    new LogEntry(now - 20 * 60_000_000_000L, "error: too old"),
                    new LogEntry(now - 60_000_000_000L, "ok"),
                    new LogEntry(
                        now - 30_000_000_000L,
                        "error: card declined",
                        LabelSet.of(LogEntry.TRACE_ID, trace)))),
            new LogStream(
                LabelSet.of("service_name", "cart"),
                List.of(new LogEntry(now - 10_000_000_000L, "error: not this service")))));
    ratio("checkout", 0.2);
    ruler.evaluateAll();
    Alert alert = batches.getLast().alerts().getFirst();
    assertThat(alert.labels()).containsEntry("service_name", "checkout");
    assertThat(alert.evidence().logLines())
        .extracting(line -> line.line())
        .containsExactly("error: card declined");
    assertThat(alert.evidence().traceIds()).containsExactly(trace);
  }
}
