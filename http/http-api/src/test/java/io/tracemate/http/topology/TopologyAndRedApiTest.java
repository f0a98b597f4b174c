package io.tracemate.http.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.tracemate.http.red.RedApi;
import io.tracemate.model.Attribute;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import io.tracemate.servicegraph.HealthThresholds;
import io.tracemate.servicegraph.ServiceGraph;
import io.tracemate.servicegraph.ServiceGraphConfig;
import io.tracemate.spanmetrics.RedQuery;
import io.tracemate.spanmetrics.SpanMetricsAggregator;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ten traces frontend → order-service → mysql/orders, one in five failing at order-service, through the real
 * span metrics and service graph, queried over HTTP.
 */
class TopologyAndRedApiTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T0.plusSeconds(120), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WINDOW =
      "start=" + T0.minusSeconds(60).toEpochMilli() + "&end=" + T0.plusSeconds(120).toEpochMilli();

  private static final SpanMetricsAggregator METRICS =
      new SpanMetricsAggregator(SpanMetricsConfig.defaults(), CLOCK);
  private static final ServiceGraph GRAPH =
      new ServiceGraph(
          ServiceGraphConfig.defaults(),
          new io.tracemate.red.RedSeriesStore(io.tracemate.red.RedSeriesConfig.defaults(), CLOCK),
          CLOCK,
          (service, start, end) -> RedQuery.of(METRICS).service(service, start, end));

  @RegisterExtension
  static final ServerExtension server =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          List<Span> spans = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            spans.addAll(trace(i, i % 5 == 0));
          }
          METRICS.observe(spans);
          GRAPH.observe(spans);
          new TopologyApi(tenant -> GRAPH, CLOCK).addTo(sb);
          // order-service promises p99 ≤ 50 ms for GET /orders (its requests take 70 ms): that
          // operation is slow.
          new RedApi(
                  tenant -> RedQuery.of(METRICS),
                  new HealthThresholds(
                      null,
                      null,
                      null,
                      Map.of(
                          "order-service",
                          new HealthThresholds.ServiceOverride(
                              null,
                              null,
                              null,
                              Map.of(
                                  "GET /orders",
                                  new HealthThresholds.OperationOverride(50.0, null, null))))),
                  CLOCK)
              .addTo(sb);
        }
      };

  private static List<Span> trace(int n, boolean failing) {
    TraceId trace = new TraceId(0xabc, n + 1);
    long start = (T0.toEpochMilli() + n * 1000L) * 1_000_000;
    Resource frontend = resource("frontend", "shop", "frontend-6d5b-x2x");
    // Two replicas; the second one serves every failing request.
    Resource orders =
        resource(
            "order-service", "shop", failing ? "order-service-7f9c-b" : "order-service-7f9c-a");
    return List.of(
        span(trace, 1, 0, "GET /", SpanKind.SERVER, frontend, start, 100, false, List.of()),
        span(
            trace,
            2,
            1,
            "GET /orders",
            SpanKind.CLIENT,
            frontend,
            start + ms(5),
            80,
            false,
            List.of()),
        span(
            trace,
            3,
            2,
            "GET /orders",
            SpanKind.SERVER,
            orders,
            start + ms(10),
            70,
            failing,
            List.of()),
        span(
            trace,
            4,
            3,
            "SELECT orders",
            SpanKind.CLIENT,
            orders,
            start + ms(20),
            40,
            false,
            List.of(Attribute.of("db.system", "mysql"), Attribute.of("db.name", "orders"))));
  }

  private static long ms(long millis) {
    return millis * 1_000_000;
  }

  private static Resource resource(String service, String namespace, String pod) {
    return new Resource(
        List.of(
            Attribute.of("service.name", service),
            Attribute.of("k8s.namespace.name", namespace),
            Attribute.of("k8s.pod.name", pod),
            Attribute.of("service.instance.id", "uuid-of-" + pod)),
        0);
  }

  private static Span span(
      TraceId trace,
      long id,
      long parent,
      String name,
      SpanKind kind,
      Resource resource,
      long startNanos,
      long durationMillis,
      boolean failing,
      List<Attribute> attributes) {
    return Span.builder()
        .traceId(trace)
        .spanId(new SpanId(id))
        .parentSpanId(new SpanId(parent))
        .name(name)
        .kind(kind)
        .startEpochNanos(startNanos)
        .endEpochNanos(startNanos + ms(durationMillis))
        .resource(resource)
        .attributes(attributes)
        .status(failing ? new Status(StatusCode.ERROR, "boom") : new Status(StatusCode.UNSET, ""))
        .build();
  }

  private static JsonNode get(String path, int expectedStatus) throws Exception {
    AggregatedHttpResponse response = WebClient.of(server.httpUri()).get(path).aggregate().join();
    assertThat(response.status().code())
        .as(path + " → " + response.contentUtf8())
        .isEqualTo(expectedStatus);
    return JSON.readTree(response.contentUtf8());
  }

  @Test
  void topologyHasTheServicesTheDatabaseAndHealthFromTheErrorRate() throws Exception {
    JsonNode topology = get("/api/topology?" + WINDOW, 200);
    assertThat(topology.path("nodes").findValuesAsText("name"))
        .contains("frontend", "order-service", "mysql/orders");
    JsonNode orders = node(topology, "order-service");
    assertThat(orders.path("kind").asText()).isEqualTo("service");
    assertThat(orders.path("namespace").asText()).isEqualTo("shop");
    assertThat(orders.path("red").path("calls").asLong()).isEqualTo(10);
    assertThat(orders.path("red").path("errors").asLong()).isEqualTo(2);
    assertThat(orders.path("health").path("state").asText()).isEqualTo("critical");
    assertThat(orders.path("health").path("reason").asText()).contains("20");
    assertThat(node(topology, "mysql/orders").path("kind").asText()).isEqualTo("database");

    JsonNode call = edge(topology, "frontend", "order-service");
    assertThat(call.path("requests").asLong()).isEqualTo(10);
    assertThat(call.path("failed").asLong()).isEqualTo(2);
    assertThat(call.path("client").path("p99").asDouble())
        .isGreaterThan(call.path("server").path("p99").asDouble());
    assertThat(edge(topology, "order-service", "mysql/orders").path("connectionType").asText())
        .isEqualTo("database");
  }

  @Test
  void focusAndNamespaceFiltersAndPaths() throws Exception {
    JsonNode around =
        get("/api/topology?" + WINDOW + "&service=mysql/orders&hopsUp=1&hopsDown=0", 200);
    assertThat(around.path("nodes").findValuesAsText("name"))
        .containsExactlyInAnyOrder("order-service", "mysql/orders");
    JsonNode elsewhere = get("/api/topology?" + WINDOW + "&namespace=payments", 200);
    assertThat(elsewhere.path("nodes").findValuesAsText("name"))
        .doesNotContain("frontend", "order-service");

    JsonNode paths = get("/api/topology/paths?" + WINDOW + "&from=frontend&to=mysql/orders", 200);
    assertThat(paths.path("paths").get(0).toString())
        .isEqualTo("[\"frontend\",\"order-service\",\"mysql/orders\"]");
  }

  @Test
  void edgeSeriesHasBothSidesPerStep() throws Exception {
    JsonNode series =
        get(
            "/api/topology/edges/series?"
                + WINDOW
                + "&source=frontend&target=order-service&step=1m",
            200);
    assertThat(series.path("source").asText()).isEqualTo("frontend");
    assertThat(series.path("target").asText()).isEqualTo("order-service");
    assertThat(series.path("step").asLong()).isEqualTo(60_000);
    // The window is 3 minutes: T0 - 1m, T0 (all 10 requests, 2 failed), T0 + 1m.
    assertThat(series.path("client").findValues("calls"))
        .extracting(JsonNode::asLong)
        .containsExactly(0L, 10L, 0L);
    assertThat(series.path("server").findValues("errors"))
        .extracting(JsonNode::asLong)
        .containsExactly(0L, 2L, 0L);
    JsonNode client = series.path("client").get(1);
    JsonNode server = series.path("server").get(1);
    assertThat(client.path("time").asLong()).isEqualTo(T0.toEpochMilli());
    assertThat(client.path("errorRatio").asDouble()).isEqualTo(0.2);
    assertThat(client.path("p99").asDouble()).isGreaterThan(server.path("p99").asDouble());
    assertThat(series.path("client").get(0).path("p99").isNull()).isTrue();

    assertThat(
            get("/api/topology/edges/series?" + WINDOW + "&source=frontend", 400)
                .path("error")
                .path("message")
                .asText())
        .contains("'target'");
  }

  @Test
  void redPerServiceWithSeriesAndOperations() throws Exception {
    JsonNode services = get("/api/red/services?" + WINDOW, 200);
    assertThat(services.path("services").findValuesAsText("service"))
        .contains("frontend", "order-service");

    JsonNode orders = get("/api/red/services/order-service?" + WINDOW + "&step=1m", 200);
    assertThat(orders.path("summary").path("calls").asLong()).isEqualTo(10);
    assertThat(orders.path("summary").path("errorRatio").asDouble()).isEqualTo(0.2);
    assertThat(orders.path("summary").path("p50").asDouble()).isBetween(60.0, 80.0);
    long seriesCalls = 0;
    for (JsonNode point : orders.path("series")) {
      seriesCalls += point.path("calls").asLong();
    }
    assertThat(seriesCalls).isEqualTo(10);
    assertThat(orders.path("operations").findValuesAsText("name")).containsExactly("GET /orders");
    // Each operation with its health and why: 20 % errors, and latency over the operation's own
    // SLO.
    JsonNode health = orders.path("operations").get(0).path("health");
    assertThat(health.path("state").asText()).isEqualTo("critical");
    assertThat(health.path("reasons").findValuesAsText("kind"))
        .containsExactly("errors", "latency");
    assertThat(health.path("reasons").get(1).path("state").asText()).isEqualTo("warning");
    assertThat(health.path("reasons").get(1).path("text").asText())
        .startsWith("p99 ")
        .endsWith(" > SLO 50 ms");
    assertThat(health.path("thresholds").path("p99").asDouble()).isEqualTo(50.0);
    // Per instance, named by its pod: the replica that failed stands out.
    JsonNode instances = orders.path("instances");
    assertThat(instances.findValuesAsText("name"))
        .containsExactly("order-service-7f9c-a", "order-service-7f9c-b");
    assertThat(instances.get(0).path("red").path("calls").asLong()).isEqualTo(8);
    assertThat(instances.get(0).path("red").path("errors").asLong()).isZero();
    assertThat(instances.get(1).path("red").path("calls").asLong()).isEqualTo(2);
    assertThat(instances.get(1).path("red").path("errorRatio").asDouble()).isEqualTo(1.0);

    JsonNode grouped =
        get(
            "/api/red/series?" + WINDOW + "&service=order-service&kind=client&groupBy=span_name",
            200);
    assertThat(grouped.path("groups").get(0).path("value").asText()).isEqualTo("SELECT orders");
    assertThat(grouped.path("groups").get(0).path("red").path("calls").asLong()).isEqualTo(10);
  }

  @Test
  void badParametersAreNamed() throws Exception {
    assertThat(get("/api/topology?start=yesterday", 400).path("error").path("message").asText())
        .contains("'start'");
    assertThat(get("/api/topology/paths?from=a", 400).path("error").path("message").asText())
        .isEqualTo("parameter 'to' is required");
    assertThat(get("/api/red/series?kind=sideways", 400).path("error").path("message").asText())
        .contains("'kind'");
    assertThat(
            get("/api/topology?" + WINDOW + "&service=x&hopsUp=99", 400)
                .path("error")
                .path("message")
                .asText())
        .contains("hopsUp");
  }

  private static JsonNode node(JsonNode topology, String name) {
    for (JsonNode node : topology.path("nodes")) {
      if (node.path("name").asText().equals(name)) {
        return node;
      }
    }
    throw new AssertionError("no node " + name + " in " + topology);
  }

  private static JsonNode edge(JsonNode topology, String source, String target) {
    for (JsonNode edge : topology.path("edges")) {
      if (edge.path("source").asText().equals(source)
          && edge.path("target").asText().equals(target)) {
        return edge;
      }
    }
    throw new AssertionError("no edge " + source + " → " + target + " in " + topology);
  }
}
