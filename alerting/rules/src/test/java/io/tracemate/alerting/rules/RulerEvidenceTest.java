package io.tracemate.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.tracemate.promql.engine.InMemoryExemplarSource;
import io.tracemate.promql.engine.InMemorySeriesSource;
import io.tracemate.promql.engine.Labels;
import io.tracemate.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence of PromQL alerts through the ruler's public interface, over real engines: the span metrics'
 * exemplars of the series behind the expression (narrowed to the alert's series and window, followed through a
 * recording rule, the slowest first for a latency rule), and a rule's own {@code evidence} log query.
 */
class RulerEvidenceTest {
  private static final TenantId TENANT = TenantId.parse("team-a");
  private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");
  private static final String CALLS = "traces_span_metrics_calls_total";
  private static final String BUCKETS = "traces_span_metrics_duration_milliseconds_bucket";

  @TempDir Path data;

  private final MutableClock clock = new MutableClock(START);
  private final InMemorySeriesSource series = new InMemorySeriesSource();
  private final InMemoryExemplarSource exemplars = new InMemoryExemplarSource();
  private final InMemoryLogStore logs = new InMemoryLogStore();
  private final List<AlertBatch> batches = new CopyOnWriteArrayList<>();
  private Ruler ruler;

  @BeforeEach
  void open() {
    LogQLEngine logql =
        new LogQLEngine(
            logs.reader(), EngineLimits.defaults(), Executors.newSingleThreadExecutor());
    ruler =
        new Ruler(
            RulerSettings.defaults(data),
            scope -> series,
            scope -> exemplars,
            EngineSettings.defaults(),
            logql,
            batches::add,
            clock,
            new RulerMetrics(null));
    ruler.load();
  }

  @AfterEach
  void close() {
    ruler.close();
  }

  private static Labels calls(String service, String status) {
    return Labels.of(
        "__name__",
        CALLS,
        "service_name",
        service,
        "span_name",
        "POST /pay",
        "status_code",
        status);
  }

  /** Ten minutes of calls of checkout (every 5th failing) and cart (none failing), a sample every 15 s. */
  private void callsUpTo(Instant end) {
    double ok = 0;
    double errors = 0;
    for (Instant t = end.minus(Duration.ofMinutes(10)); !t.isAfter(end); t = t.plusSeconds(15)) {
      ok += 4;
      errors += 1;
      series.append(calls("checkout", "STATUS_CODE_UNSET"), t.toEpochMilli(), ok);
      series.append(calls("checkout", "STATUS_CODE_ERROR"), t.toEpochMilli(), errors);
      series.append(calls("cart", "STATUS_CODE_UNSET"), t.toEpochMilli(), ok + errors);
    }
  }

  private static String trace(int n) {
    return "%032x".formatted(n);
  }

  private Alert firing() {
    ruler.evaluateAll();
    return batches.getLast().alerts().stream()
        .filter(a -> a.state() == AlertState.FIRING)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anErrorRateAlertCarriesTheNewestErrorExemplarsOfItsServiceThroughARecordingRule() {
    // The ruler evaluates a minute back (the evaluation delay); exemplars reach up to now.
    Instant evaluatedAt = START.minus(Duration.ofMinutes(1));
    callsUpTo(START);
    for (int i = 1; i <= 7; i++) { // error spans of checkout, the newest last
      exemplars.add(
          calls("checkout", "STATUS_CODE_ERROR"),
          trace(i),
          "%016x".formatted(i),
          30,
          evaluatedAt.minusSeconds(200 - i * 20L).toEpochMilli());
    }
    // Not behind this alert: another service's, an OK call of checkout (the denominator's, asked
    // after the numerator's), and an error too old for the 5m window.
    exemplars.add(
        calls("cart", "STATUS_CODE_ERROR"),
        trace(100),
        "0000000000000064",
        30,
        START.toEpochMilli());
    exemplars.add(
        calls("checkout", "STATUS_CODE_UNSET"),
        trace(101),
        "0000000000000065",
        30,
        START.toEpochMilli());
    exemplars.add(
        calls("checkout", "STATUS_CODE_ERROR"),
        trace(102),
        "0000000000000066",
        30,
        evaluatedAt.minus(Duration.ofMinutes(11)).toEpochMilli());
    ruler.setGroup(
        TENANT,
        "ns",
        ruler
            .parser()
            .parseGroup(
                "ns",
                """
                name: red
                kind: promql
                rules:
                  - record: service:error_ratio:rate5m
                    expr: >
                      sum by (service_name) (rate(%s{status_code="STATUS_CODE_ERROR"}[5m]))
                      / sum by (service_name) (rate(%s[5m]))
                  - alert: HighErrorRate
                    expr: service:error_ratio:rate5m > 0.05
                """
                    .formatted(CALLS, CALLS)));

    Alert alert = firing();

    assertThat(alert.labels()).containsEntry("service_name", "checkout");
    // At most evidence_trace_ids (5), the newest first; none of the others.
    assertThat(alert.evidence().traceIds())
        .containsExactly(trace(7), trace(6), trace(5), trace(4), trace(3));
    assertThat(alert.evidence().logLines()).isEmpty();
    assertThat(alert.evidence().url()).isEqualTo("http://localhost:16686/trace/" + trace(7));
  }

  @Test
  void aLatencyAlertCarriesTheSlowestSpansOfItsHistogram() {
    for (Instant t = START.minus(Duration.ofMinutes(10));
        !t.isAfter(START);
        t = t.plusSeconds(15)) {
      long n = Duration.between(START.minus(Duration.ofMinutes(10)), t).toSeconds();
      series.append(
          Labels.of("__name__", BUCKETS, "service_name", "checkout", "le", "100"),
          t.toEpochMilli(),
          n);
      series.append(
          Labels.of("__name__", BUCKETS, "service_name", "checkout", "le", "+Inf"),
          t.toEpochMilli(),
          n * 2);
    }
    Labels histogram = Labels.of("__name__", BUCKETS, "service_name", "checkout");
    long at = START.minusSeconds(90).toEpochMilli();
    exemplars.add(histogram, trace(1), "0000000000000001", 40, at + 3);
    exemplars.add(histogram, trace(2), "0000000000000002", 2_500, at);
    exemplars.add(histogram, trace(3), "0000000000000003", 900, at + 2);
    exemplars.add(histogram, trace(4), "0000000000000004", 95, at + 1);
    ruler.setGroup(
        TENANT,
        "ns",
        ruler
            .parser()
            .parseGroup(
                "ns",
                """
                name: latency
                kind: promql
                rules:
                  - alert: SlowCheckout
                    expr: histogram_quantile(0.99, sum by (le, service_name) (rate(%s[5m]))) > 50
                """
                    .formatted(BUCKETS)));

    assertThat(firing().evidence().traceIds())
        .containsExactly(trace(2), trace(3), trace(4), trace(1));
  }

  @Test
  void aRulesOwnEvidenceQueryGivesItsLinesAndTheirTraceIds() {
    callsUpTo(START);
    exemplars.add(
        calls("checkout", "STATUS_CODE_ERROR"),
        trace(1),
        "0000000000000001",
        30,
        START.toEpochMilli());
    long evaluatedNanos = START.minus(Duration.ofMinutes(1)).toEpochMilli() * 1_000_000L;
    logs.write(
        1,
        TENANT.value(),
        List.of(
            new LogStream(
                LabelSet.of("service_name", "checkout"),
                List.of(
                    new LogEntry(evaluatedNanos - 90_000_000_000L, "ok"),
                    new LogEntry(
                        evaluatedNanos - 60_000_000_000L,
                        "error: card declined",
                        LabelSet.of(LogEntry.TRACE_ID, trace(42))))),
            new LogStream(
                LabelSet.of("service_name", "cart"),
                List.of(new LogEntry(evaluatedNanos - 30_000_000_000L, "error: cart")))));
    ruler.setGroup(
        TENANT,
        "ns",
        ruler
            .parser()
            .parseGroup(
                "ns",
                """
                name: red
                kind: promql
                rules:
                  - alert: HighErrorRate
                    expr: >
                      sum by (service_name) (rate(%s{status_code="STATUS_CODE_ERROR"}[5m]))
                      / sum by (service_name) (rate(%s[5m])) > 0.05
                    evidence: '{service_name="{{ $labels.service_name }}"} |= "error"'
                """
                    .formatted(CALLS, CALLS)));

    Alert alert = firing();

    // The query's lines and their trace IDs, instead of the exemplars.
    assertThat(alert.evidence().logLines())
        .extracting(line -> line.line())
        .containsExactly("error: card declined");
    assertThat(alert.evidence().traceIds()).containsExactly(trace(42));
    assertThat(alert.evidence().url())
        .startsWith("http://localhost:16686/logs?query=%7Bservice_name%3D%22checkout%22%7D")
        .contains("&start=")
        .contains("&end=");
    // The key is kept as written, for the ruler API to answer it back.
    assertThat(RuleGroupWriter.groupYaml(ruler.group(TENANT, "ns", "red").orElseThrow()))
        .contains(
            "evidence: \"{service_name=\\\"{{ $labels.service_name }}\\\"} |= \\\"error\\\"\"");
  }

  @Test
  void anEvidenceQueryOnARecordedSeriesCoversTheWindowItIsRecordedOver() {
    callsUpTo(START);
    long evaluatedMillis = START.minus(Duration.ofMinutes(1)).toEpochMilli();
    long evaluatedNanos = evaluatedMillis * 1_000_000L;
    logs.write(
        1,
        TENANT.value(),
        List.of(
            new LogStream(
                LabelSet.of("service_name", "checkout"),
                List.of(
                    new LogEntry(evaluatedNanos - 9 * 60_000_000_000L, "error: before the window"),
                    new LogEntry(
                        evaluatedNanos - 7 * 60_000_000_000L,
                        "error: in the recorded window",
                        LabelSet.of(LogEntry.TRACE_ID, trace(7))))),
            new LogStream(
                LabelSet.of("service_name", "cart"),
                List.of(new LogEntry(evaluatedNanos - 60_000_000_000L, "error: cart")))));
    // The default rules' shape: an alert on a recorded ratio, the service's name quoted by the
    // template.
    ruler.setGroup(
        TENANT,
        "ns",
        ruler
            .parser()
            .parseGroup(
                "ns",
                """
                name: red
                kind: promql
                rules:
                  - record: service:error_ratio
                    expr: >
                      sum by (service_name) (rate(%s{status_code="STATUS_CODE_ERROR"}[8m]))
                      / sum by (service_name) (rate(%s[8m]))
                  - alert: HighErrorRate
                    expr: service:error_ratio > 0.05
                    evidence: '{service_name={{ printf "%%q" $labels.service_name }}} |= "error"'
                """
                    .formatted(CALLS, CALLS)));

    Alert alert = firing();

    // 8 minutes back, as the ratio is recorded over, not the 5 minutes of an instant selector.
    assertThat(alert.evidence().logLines())
        .extracting(line -> line.line())
        .containsExactly("error: in the recorded window");
    assertThat(alert.evidence().traceIds()).containsExactly(trace(7));
    assertThat(alert.evidence().url())
        .contains("&start=" + (evaluatedMillis - 8 * 60_000L) + "&end=" + evaluatedMillis);
  }

  @Test
  void anEvidenceQueryMustBeALogQueryOfAnAlertingRule() {
    assertThatThrownBy(
            () ->
                ruler
                    .parser()
                    .parseGroup(
                        "ns",
                        """
                        name: g
                        rules:
                          - alert: A
                            expr: sum(count_over_time({app="api"}[5m])) > 1
                            evidence: sum(count_over_time({app="api"}[5m]))
                          - record: r
                            expr: sum(count_over_time({app="api"}[5m]))
                            evidence: '{app="api"}'
                        """))
        .hasMessageContaining("ns:5:")
        .hasMessageContaining("rule 0, \"A\": evidence must be a LogQL log query")
        .hasMessageContaining("rule 1, \"r\": field 'evidence' is for alerting rules only");
  }
}
