package io.tracemate.servicegraph;

import static io.tracemate.model.SpanKind.CLIENT;
import static io.tracemate.model.SpanKind.SERVER;
import static io.tracemate.servicegraph.TestSpans.attributes;
import static io.tracemate.servicegraph.TestSpans.failed;
import static io.tracemate.servicegraph.TestSpans.span;
import static io.tracemate.servicegraph.TestSpans.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServiceGraphMetricsTest {

  @Test
  void exposesTheCollectorsServiceGraphMetrics() throws IOException {
    GraphFixture fixture = new GraphFixture();
    PrometheusRegistry registry = new PrometheusRegistry();
    fixture.graph.register(registry);
    fixture.observe(
        span(trace(1), 2, 1, "a", CLIENT, 0, 30),
        failed(span(trace(1), 3, 2, "b", SERVER, 1, 3)),
        span(trace(2), 2, 1, "a", CLIENT, 0, 30),
        span(trace(2), 3, 2, "b", SERVER, 1, 3),
        span(trace(3), 2, 1, "a", CLIENT, 0, 7)
            .attributes(attributes("db.system", "mysql", "db.name", "orders")),
        span(trace(4), 2, 1, "a", CLIENT, 0, 7).attributes(attributes("peer.service", "later")));

    String text = scrape(registry);
    assertThat(text)
        .contains(
            "traces_service_graph_request_total{client=\"a\",connection_type=\"\",server=\"b\"} 2")
        .contains(
            "traces_service_graph_request_failed_total{client=\"a\",connection_type=\"\",server=\"b\"} 1")
        .contains(
            "traces_service_graph_request_total{client=\"a\",connection_type=\"database\","
                + "server=\"mysql/orders\"} 1")
        // Server side 3 ms, client side 30 ms, against the collector's buckets.
        .contains(
            "traces_service_graph_request_server_seconds_bucket{client=\"a\",connection_type=\"\","
                + "server=\"b\",le=\"0.002\"} 0")
        .contains(
            "traces_service_graph_request_server_seconds_bucket{client=\"a\",connection_type=\"\","
                + "server=\"b\",le=\"0.004\"} 2")
        .contains(
            "traces_service_graph_request_client_seconds_bucket{client=\"a\",connection_type=\"\","
                + "server=\"b\",le=\"0.01\"} 0")
        .contains(
            "traces_service_graph_request_client_seconds_bucket{client=\"a\",connection_type=\"\","
                + "server=\"b\",le=\"0.05\"} 2")
        .contains("tracemate_servicegraph_pending_edges 1")
        .contains("tracemate_servicegraph_expired_total 0")
        .doesNotContain("publish");

    fixture.passTtl();
    assertThat(scrape(registry))
        .contains("tracemate_servicegraph_pending_edges 0")
        .contains("tracemate_servicegraph_expired_total 1")
        .contains(
            "traces_service_graph_request_total{client=\"a\",connection_type=\"virtual_node\","
                + "server=\"later\"} 1");
  }

  @Test
  void edgesUnseenForTheStoreRetentionAreForgotten() throws IOException {
    GraphFixture fixture = new GraphFixture();
    PrometheusRegistry registry = new PrometheusRegistry();
    fixture.graph.register(registry);
    fixture.observe(
        span(trace(1), 2, 1, "a", CLIENT, 0, 30), span(trace(1), 3, 2, "b", SERVER, 1, 3));
    assertThat(fixture.graph.stats().edges()).isEqualTo(1);

    fixture.clock.advance(java.time.Duration.ofHours(24).plusMinutes(1));
    fixture.graph.expire();

    assertThat(fixture.graph.stats().edges()).isZero();
    assertThat(scrape(registry))
        .doesNotContain("server=\"b\"")
        .contains("tracemate_servicegraph_edges 0");
  }

  private static String scrape(PrometheusRegistry registry) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
