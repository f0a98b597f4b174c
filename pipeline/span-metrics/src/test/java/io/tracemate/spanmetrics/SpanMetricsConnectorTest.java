package io.tracemate.spanmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.component.SpanBatch;
import io.tracemate.component.tenant.TenantStateLimits;
import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SpanMetricsConnectorTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T12:05:00Z"), ZoneOffset.UTC);
  private static final TenantId A = TenantId.parse("team-a");
  private static final TenantId B = TenantId.parse("team-b");

  private static Span server(String service, long id) {
    return Spans.span(service, "GET /" + id, SpanKind.SERVER)
        .ids(id, id)
        .endingAt("2026-01-01T12:04:00Z")
        .build();
  }

  @Test
  void oneTenantsCardinalityNeverPushesAnothersSeriesIntoOverflow() {
    SpanMetricsConfig config = SpanMetricsConfig.builder().aggregationCardinalityLimit(3).build();
    SpanMetricsConnector connector =
        new SpanMetricsConnector(config, TenantStateLimits.DEFAULTS, CLOCK);
    List<Span> flood = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      flood.add(server("noisy", i));
    }
    connector.observe(SpanBatch.of(A, flood));
    connector.observe(SpanBatch.of(B, List.of(server("ledger", 1), server("ledger", 2))));

    assertThat(connector.aggregator(A).overflowedSpans()).isEqualTo(47);
    assertThat(connector.aggregator(B).overflowedSpans()).isZero();
    assertThat(connector.red(B).services()).containsExactly("ledger");
    assertThat(connector.red(A).services()).containsExactly("noisy");
    assertThat(connector.red(TenantId.parse("team-c")).services()).isEmpty();
  }

  @Test
  void aTenantsOwnSeriesCapAppliesToItsStateAndAChangedCapFromThenOn() {
    SpanMetricsConfig config = SpanMetricsConfig.builder().build();
    java.util.Map<TenantId, Integer> caps = new java.util.concurrent.ConcurrentHashMap<>();
    caps.put(A, 2);
    SpanMetricsConnector connector =
        new SpanMetricsConnector(
            config,
            tenant -> caps.containsKey(tenant) ? config.withMaxSeries(caps.get(tenant)) : config,
            TenantStateLimits.DEFAULTS,
            CLOCK);
    connector.observe(SpanBatch.of(A, List.of(server("a", 1), server("a", 2), server("a", 3))));
    connector.observe(SpanBatch.of(B, List.of(server("b", 1), server("b", 2), server("b", 3))));

    assertThat(connector.aggregator(A).overflowedSpans()).isEqualTo(1);
    assertThat(connector.aggregator(A).redSeries().stats().overflowedObservations()).isEqualTo(1);
    assertThat(connector.aggregator(B).overflowedSpans()).isZero();

    caps.put(A, 4); // the overrides file raised A's cap
    caps.put(B, 1); // and gave B one below its series held
    connector.settingsChanged();
    connector.observe(SpanBatch.of(A, List.of(server("a", 3), server("a", 4), server("a", 5))));
    connector.observe(SpanBatch.of(B, List.of(server("b", 1), server("b", 4))));

    assertThat(connector.aggregator(A).overflowedSpans()).as("a/5 only").isEqualTo(2);
    assertThat(connector.aggregator(B).overflowedSpans())
        .as("b/1..3 kept, the new b/4 overflows")
        .isEqualTo(1);
    assertThat(connector.aggregator(B).cardinalityLimit()).isEqualTo(1);
    assertThat(connector.aggregator(B).redSeries().maxSeries()).isEqualTo(1);
  }

  @Test
  void withTheTenantLabelAScrapeShowsItsScopesTenantsEachSeriesAndExemplarLabelled() {
    SpanMetricsConnector connector =
        new SpanMetricsConnector(
            SpanMetricsConfig.builder().build(), TenantStateLimits.DEFAULTS, CLOCK);
    connector.observe(SpanBatch.of(A, List.of(server("checkout", 0xa))));
    connector.observe(SpanBatch.of(B, List.of(server("ledger", 0xb))));
    SpanMetricsCollector collector = SpanMetricsCollector.of(connector, true);

    MetricSnapshots onlyA = collector.collect(TenantScope.of(A));
    assertThat(values(onlyA, "traces_span_metrics_calls", "service_name"))
        .containsExactly("checkout");
    assertThat(values(onlyA, "traces_span_metrics_calls", "tenant")).containsExactly("team-a");
    assertThat(values(onlyA, "tracemate_spanmetrics_series", "tenant")).containsExactly("team-a");
    HistogramSnapshot durations =
        (HistogramSnapshot) metric(onlyA, "traces_span_metrics_duration_milliseconds");
    assertThat(durations.getDataPoints().get(0).getExemplars().get(0).getLabels().get("trace_id"))
        .endsWith("000000000000000a");

    MetricSnapshots both = collector.collect(TenantScope.of(A, B));
    assertThat(values(both, "traces_span_metrics_calls", "tenant"))
        .containsExactly("team-a", "team-b");
    assertThat(
            values(
                collector.collect(TenantScope.of(TenantId.parse("team-c"))),
                "traces_span_metrics_calls",
                "tenant"))
        .isEmpty();
  }

  @Test
  void withoutTheTenantLabelEveryTenantIsShownAsBeforeTenantsSameLabelsSummed() {
    SpanMetricsConnector connector =
        new SpanMetricsConnector(
            SpanMetricsConfig.builder().build(), TenantStateLimits.DEFAULTS, CLOCK);
    connector.observe(SpanBatch.of(TenantId.DEFAULT, List.of(server("checkout", 1))));
    connector.observe(SpanBatch.of(B, List.of(server("checkout", 1))));
    SpanMetricsCollector collector = SpanMetricsCollector.of(connector, false);

    MetricSnapshots scrape = collector.collect(TenantScope.DEFAULT);
    CounterSnapshot calls = (CounterSnapshot) metric(scrape, "traces_span_metrics_calls");
    assertThat(calls.getDataPoints()).hasSize(1);
    assertThat(calls.getDataPoints().get(0).getValue()).isEqualTo(2);
    assertThat(calls.getDataPoints().get(0).getLabels().get("tenant")).isNull();
    assertThat(
            ((io.prometheus.metrics.model.snapshots.GaugeSnapshot)
                    metric(scrape, "tracemate_spanmetrics_series"))
                .getDataPoints()
                .get(0)
                .getValue())
        .isEqualTo(2);
  }

  @Test
  void tenantsBeyondTheBoundAreNotCountedAndIdleOnesAreForgotten() {
    io.tracemate.testing.MutableClock clock =
        new io.tracemate.testing.MutableClock(Instant.parse("2026-01-01T12:05:00Z"));
    SpanMetricsConnector connector =
        new SpanMetricsConnector(
            SpanMetricsConfig.builder().build(),
            new TenantStateLimits(1, Duration.ofMinutes(30)),
            clock);
    connector.observe(SpanBatch.of(A, List.of(server("checkout", 1))));
    connector.observe(SpanBatch.of(B, List.of(server("ledger", 1))));
    assertThat(connector.aggregator(B)).isNull();
    assertThat(connector.tenants().refusedBatches()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(31));
    connector.tick();
    assertThat(connector.aggregator(A)).isNull();
    connector.observe(SpanBatch.of(B, List.of(server("ledger", 1))));
    assertThat(connector.red(B).services()).containsExactly("ledger");
  }

  private static MetricSnapshot metric(MetricSnapshots snapshots, String name) {
    return snapshots.stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static TreeSet<String> values(MetricSnapshots snapshots, String name, String label) {
    TreeSet<String> out = new TreeSet<>();
    for (var point : metric(snapshots, name).getDataPoints()) {
      Map<String, String> labels = Scrape.asMap(point.getLabels());
      if (labels.containsKey(label)) {
        out.add(labels.get(label));
      }
    }
    return out;
  }
}
