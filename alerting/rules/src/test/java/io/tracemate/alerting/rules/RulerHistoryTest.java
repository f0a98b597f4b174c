package io.tracemate.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.alerting.rules.history.AlertTransition;
import io.tracemate.alerting.rules.history.HistoryQuery;
import io.tracemate.alerting.rules.history.HistoryState;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
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
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ruler writes every change of an alert's state to the alert history as its evaluations make them, on a
 * controlled clock over real engines: pending → firing → resolved, pending → inactive, evidence in brief, and no
 * made-up transitions across a restart. Also the live state the topology and the alerts page read.
 */
class RulerHistoryTest {
  private static final TenantId TENANT = TenantId.parse("team-a");
  private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

  @TempDir Path data;

  private final MutableClock clock = new MutableClock(START);
  private final InMemorySeriesSource series = new InMemorySeriesSource();
  private final InMemoryLogStore logs = new InMemoryLogStore();
  private final List<AlertBatch> batches = new CopyOnWriteArrayList<>();
  private final ExecutorService logqlPool = Executors.newSingleThreadExecutor();
  private Ruler ruler;

  @AfterEach
  void close() {
    if (ruler != null) {
      ruler.close();
    }
    logqlPool.shutdownNow();
  }

  private Ruler newRuler() {
    Ruler r =
        new Ruler(
            RulerSettings.defaults(data).withEvaluationDelay(Duration.ZERO),
            scope -> series,
            EngineSettings.defaults(),
            new LogQLEngine(logs.reader(), EngineLimits.defaults(), logqlPool),
            batches::add,
            clock,
            new RulerMetrics(null));
    r.load();
    return r;
  }

  private void ratio(String service, double value) {
    series.append(
        Labels.of("__name__", "error_ratio", "service_name", service), clock.millis(), value);
  }

  private void step(double checkout, double cart) {
    clock.advance(Duration.ofMinutes(1));
    ratio("checkout", checkout);
    ratio("cart", cart);
    ruler.evaluateAll();
  }

  private List<AlertTransition> history() {
    return ruler
        .history()
        .read(
            TenantScope.of(TENANT),
            new HistoryQuery(Instant.EPOCH, clock.instant(), Set.of(), l -> true, 100))
        .reversed();
  }

  @Test
  void everyStateChangeIsRecordedOnceAndARestartMakesUpNone() {
    ruler = newRuler();
    ruler.setGroup(
        TENANT,
        "ns",
        ruler
            .parser()
            .parseGroup(
                "ns",
                """
                name: errors
                kind: promql
                rules:
                  - alert: HighErrorRate
                    expr: error_ratio > 0.05
                    for: 2m
                    labels: {severity: critical}
                    annotations: {summary: "{{ $labels.service_name }} fails"}
                """));
    ratio("checkout", 0.2);
    ratio("cart", 0.2);
    ruler.evaluateAll(); // both pending
    step(0.2, 0.01); // checkout still pending; cart's condition stopped: inactive
    step(0.3, 0.01); // checkout fires

    // The live state the topology and the alerts page read: the group's last evaluation.
    List<AlertBatch> latest = ruler.latest(TENANT);
    assertThat(latest).hasSize(1);
    assertThat(latest.getFirst().alerts())
        .extracting(a -> a.labels().get("service_name") + " " + a.state())
        .containsExactly("checkout FIRING");
    assertThat(ruler.latest(TenantId.parse("team-b"))).isEmpty();

    // Restart in the middle: the restored state is what the next evaluation compares with.
    ruler.close();
    ruler = newRuler();
    step(0.3, 0.01); // still firing: nothing new
    step(0.01, 0.01); // resolved

    List<AlertTransition> history = history();
    assertThat(history)
        .extracting(
            t ->
                t.labels().get("service_name")
                    + " "
                    + (t.from() == null ? "-" : t.from().apiName())
                    + "→"
                    + t.to().apiName()
                    + " @"
                    + Duration.between(START, t.time()).toMinutes())
        .containsExactlyInAnyOrder(
            "checkout -→pending @0",
            "cart -→pending @0",
            "cart pending→inactive @1",
            "checkout pending→firing @2",
            "checkout firing→resolved @4");
    AlertTransition fired =
        history.stream().filter(t -> t.to() == HistoryState.FIRING).findFirst().orElseThrow();
    assertThat(fired.namespace()).isEqualTo("ns");
    assertThat(fired.group()).isEqualTo("errors");
    assertThat(fired.value()).isEqualTo(0.3);
    assertThat(fired.activeAt()).isEqualTo(START);
    assertThat(fired.annotations()).containsEntry("summary", "checkout fails");
    AlertTransition gone =
        history.stream().filter(t -> t.to() == HistoryState.INACTIVE).findFirst().orElseThrow();
    assertThat(gone.value()).isNaN();
  }

  @Test
  void aLogAlertsTransitionsCarryItsEvidenceInBrief() {
    ruler = newRuler();
    ruler.setGroup(
        TENANT,
        "ns",
        ruler
            .parser()
            .parseGroup(
                "ns",
                """
                name: logs
                rules:
                  - alert: PaymentErrors
                    expr: sum by (service_name) (count_over_time({service_name="payment"} |= "error" [5m])) > 0
                    labels: {severity: critical}
                """));
    long now = clock.millis() * 1_000_000L;
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    logs.write(
        1,
        TENANT.value(),
        List.of(
            new LogStream(
                LabelSet.of("service_name", "payment"),
                List.of(
                    new LogEntry(
                        now - 10_000_000_000L,
                        "level=error msg=\"card declined\"",
                        LabelSet.of(LogEntry.TRACE_ID, trace))))));
    ruler.evaluateAll();
    AlertTransition firing = history().getLast();
    assertThat(firing.to()).isEqualTo(HistoryState.FIRING);
    assertThat(firing.evidence().logLines()).isEqualTo(1);
    assertThat(firing.evidence().firstLine()).isEqualTo("level=error msg=\"card declined\"");
    assertThat(firing.evidence().traceIds()).containsExactly(trace);
  }
}
