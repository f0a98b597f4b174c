package io.tracemate.servicegraph;

import static io.tracemate.model.SpanKind.CLIENT;
import static io.tracemate.model.SpanKind.SERVER;
import static io.tracemate.servicegraph.TestSpans.T0;
import static io.tracemate.servicegraph.TestSpans.span;
import static io.tracemate.servicegraph.TestSpans.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.component.SpanBatch;
import io.tracemate.component.tenant.TenantStateLimits;
import io.tracemate.model.Span;
import io.tracemate.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ServiceGraphConnectorTest {
  private static final TenantId A = TenantId.parse("team-a");
  private static final TenantId B = TenantId.parse("team-b");

  private final MutableClock clock = new MutableClock(T0.plus(Duration.ofMinutes(10)));

  private ServiceGraphConnector connector(boolean tenantLabel) {
    return new ServiceGraphConnector(
        ServiceGraphConfig.defaults(), TenantStateLimits.DEFAULTS, tenantLabel, clock, null);
  }

  private static SpanBatch batch(TenantId tenant, Span.Builder... spans) {
    return SpanBatch.of(tenant, Arrays.stream(spans).map(Span.Builder::build).toList());
  }

  @Test
  void aSpanPairsOnlyWithItsOwnTenantsSpansAndEachTenantSeesItsOwnEdges() {
    ServiceGraphConnector graphs = connector(true);
    // The same trace and span IDs for both tenants: A's client must not meet B's server.
    graphs.observe(batch(A, span(trace(1), 2, 1, "checkout", CLIENT, 0, 30)));
    graphs.observe(batch(B, span(trace(1), 3, 2, "ledger", SERVER, 1, 3)));
    graphs.observe(batch(A, span(trace(1), 3, 2, "payments", SERVER, 1, 3)));

    assertThat(GraphFixture.describe(graphs.graph(A).topology(GraphFixture.window())))
        .containsExactly("checkout → payments ×1");
    assertThat(GraphFixture.describe(graphs.graph(B).topology(GraphFixture.window()))).isEmpty();
    assertThat(graphs.graph(TenantId.parse("team-c"))).isNull();
  }

  @Test
  void aTenantsOwnEdgeBoundAppliesToItsGraphAndAChangedBoundFromThenOn() {
    java.util.Map<TenantId, Integer> bounds = new java.util.concurrent.ConcurrentHashMap<>();
    bounds.put(A, 1);
    ServiceGraphConnector graphs =
        new ServiceGraphConnector(
            ServiceGraphConfig.defaults(),
            TenantStateLimits.DEFAULTS,
            true,
            clock,
            null,
            tenant -> bounds.getOrDefault(tenant, ServiceGraphConfig.DEFAULT_MAX_EDGES),
            false);
    for (TenantId tenant : java.util.List.of(A, B)) {
      graphs.observe(
          batch(
              tenant,
              span(trace(1), 2, 1, "checkout", CLIENT, 0, 30),
              span(trace(1), 3, 2, "payments", SERVER, 1, 3),
              span(trace(2), 2, 1, "checkout", CLIENT, 0, 30),
              span(trace(2), 3, 2, "ledger", SERVER, 1, 3)));
    }
    assertThat(GraphFixture.describe(graphs.graph(A).topology(GraphFixture.window())))
        .containsExactly("checkout → payments ×1");
    assertThat(graphs.graph(A).stats().droppedRequests()).isEqualTo(1);
    assertThat(GraphFixture.describe(graphs.graph(B).topology(GraphFixture.window()))).hasSize(2);

    bounds.put(A, 2); // the overrides file raised A's bound
    graphs.settingsChanged();
    graphs.observe(
        batch(
            A,
            span(trace(3), 2, 1, "checkout", CLIENT, 0, 30),
            span(trace(3), 3, 2, "ledger", SERVER, 1, 3)));
    assertThat(GraphFixture.describe(graphs.graph(A).topology(GraphFixture.window())))
        .containsExactlyInAnyOrder("checkout → payments ×1", "checkout → ledger ×1");
  }

  @Test
  void withTheTenantLabelTheSeriesSayTheirTenantAndAScopeSeesItsOwn() throws IOException {
    ServiceGraphConnector graphs = connector(true);
    graphs.observe(
        batch(
            A,
            span(trace(1), 2, 1, "checkout", CLIENT, 0, 30),
            span(trace(1), 3, 2, "payments", SERVER, 1, 3)));
    graphs.observe(
        batch(
            B,
            span(trace(1), 2, 1, "teller", CLIENT, 0, 30),
            span(trace(1), 3, 2, "ledger", SERVER, 1, 3)));

    String onlyA = text(graphs.collect(TenantScope.of(A)));
    assertThat(onlyA)
        .contains(
            "traces_service_graph_request_total{client=\"checkout\",connection_type=\"\","
                + "server=\"payments\",tenant=\"team-a\"} 1")
        .contains("tracemate_servicegraph_edges{tenant=\"team-a\"} 1")
        .doesNotContain("team-b")
        .doesNotContain("ledger");
    assertThat(text(graphs.collect(TenantScope.of(A, B))))
        .contains("server=\"payments\",tenant=\"team-a\"} 1")
        .contains("server=\"ledger\",tenant=\"team-b\"} 1");
  }

  @Test
  void withoutTheTenantLabelTheSeriesAreAsBeforeTenants() throws IOException {
    ServiceGraphConnector graphs = connector(false);
    graphs.observe(
        batch(
            TenantId.DEFAULT,
            span(trace(1), 2, 1, "checkout", CLIENT, 0, 30),
            span(trace(1), 3, 2, "payments", SERVER, 1, 3)));
    String scrape = text(graphs.collect(TenantScope.DEFAULT));
    assertThat(scrape)
        .contains(
            "traces_service_graph_request_total{client=\"checkout\",connection_type=\"\","
                + "server=\"payments\"} 1")
        .contains("tracemate_servicegraph_edges 1")
        .doesNotContain("tenant");
  }

  private static String text(MetricSnapshots snapshots) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, snapshots);
    return out.toString(StandardCharsets.UTF_8);
  }
}
