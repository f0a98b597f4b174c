package io.tracemate.http.prometheus.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.component.SpanBatch;
import io.tracemate.component.tenant.TenantStateLimits;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.promql.engine.PromQLEngine;
import io.tracemate.promql.engine.QueryResult;
import io.tracemate.servicegraph.ServiceGraphConfig;
import io.tracemate.servicegraph.ServiceGraphConnector;
import io.tracemate.spanmetrics.SpanMetricsConnector;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import io.tracemate.testing.MutableClock;
import io.tracemate.testing.TestSpans;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scope reads its tenants' series only, told apart by the tenant label when it must be. */
class MetricSeriesTest {
  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  private static final TenantId A = TenantId.parse("team-a");
  private static final TenantId B = TenantId.parse("team-b");

  private final MutableClock clock = new MutableClock(NOW);
  private final SpanMetricsConnector spans =
      new SpanMetricsConnector(SpanMetricsConfig.defaults(), TenantStateLimits.DEFAULTS, clock);
  private final ServiceGraphConnector graphs =
      new ServiceGraphConnector(
          ServiceGraphConfig.defaults(), TenantStateLimits.DEFAULTS, false, clock, null);

  private void send(TenantId tenant, String service) {
    long end = NOW.minusSeconds(30).toEpochMilli() * 1_000_000;
    Span server =
        TestSpans.span(
                new TraceId(1, 1),
                new SpanId(1),
                SpanId.NONE,
                service,
                "GET /",
                end - 5_000_000,
                5_000_000)
            .kind(SpanKind.SERVER)
            .build();
    SpanBatch batch = SpanBatch.of(tenant, List.of(server));
    spans.observe(batch);
    graphs.observe(batch);
  }

  private static List<String> services(MetricSeries series, TenantScope scope) {
    QueryResult result =
        new PromQLEngine(series.forScope(scope), EngineSettings.defaults())
            .instantQuery(
                "sum by (tenant, service_name) (traces_span_metrics_calls_total)",
                NOW.toEpochMilli(),
                Cancellation.none());
    return ((QueryResult.Vector) result)
        .samples().stream()
            .map(s -> s.labels().get("tenant") + "/" + s.labels().get("service_name"))
            .sorted()
            .toList();
  }

  @Test
  void withoutTheTenantLabelOneTenantsReadIsAsBeforeTenantsAndSeveralAreToldApart() {
    send(A, "checkout");
    send(B, "ledger");
    MetricSeries series = MetricSeries.perTenant(spans, graphs, false);
    assertThat(services(series, TenantScope.of(A))).containsExactly("/checkout");
    assertThat(services(series, TenantScope.of(B))).containsExactly("/ledger");
    assertThat(services(series, TenantScope.of(A, B)))
        .containsExactly("team-a/checkout", "team-b/ledger");
    assertThat(services(series, TenantScope.of(TenantId.DEFAULT))).isEmpty();
  }

  @Test
  void withTheTenantLabelEverySeriesSaysItsTenant() {
    send(A, "checkout");
    send(B, "ledger");
    MetricSeries series = MetricSeries.perTenant(spans, graphs, true);
    assertThat(services(series, TenantScope.of(A))).containsExactly("team-a/checkout");
    assertThat(series.forScope(TenantScope.of(TenantId.parse("team-c"))).metadata())
        .as("a tenant without spans still has the metrics, without series")
        .containsKey("traces_span_metrics_calls_total");
  }
}
