package io.tracemate.http.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.tracemate.alerting.rules.Ruler;
import io.tracemate.alerting.rules.RulerMetrics;
import io.tracemate.alerting.rules.RulerSettings;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.promql.engine.InMemorySeriesSource;
import io.tracemate.promql.engine.Labels;
import io.tracemate.red.RedSeriesConfig;
import io.tracemate.red.RedSeriesStore;
import io.tracemate.servicegraph.ServiceGraph;
import io.tracemate.servicegraph.ServiceGraphConfig;
import io.tracemate.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The topology's health ring and a real {@link Ruler}: healthy traffic frontend → order-service, and rules over
 * probe series evaluated on a controlled clock. A firing {@code severity="critical"} alert about order-service
 * (by {@code service_name} or {@code service}) makes its node critical with the alert's name as the reason; a
 * pending one, a warning one or another tenant's does not; every firing alert about the node is listed with it.
 * The topology reads the ruler in process ({@code ruler::latest}), as the server wires it.
 */
class TopologyAlertsTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final TenantId TEAM_B = TenantId.parse("team-b");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WINDOW =
      "start=" + T0.minusSeconds(60).toEpochMilli() + "&end=" + T0.plusSeconds(120).toEpochMilli();

  private static final MutableClock CLOCK = new MutableClock(T0.plusSeconds(120));
  private static final InMemorySeriesSource SERIES = new InMemorySeriesSource();
  private static final ServiceGraph GRAPH =
      new ServiceGraph(
          ServiceGraphConfig.defaults(),
          new RedSeriesStore(RedSeriesConfig.defaults(), CLOCK),
          CLOCK);
  private static Path data;
  private static Ruler ruler;

  @RegisterExtension
  static final ServerExtension server =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) throws Exception {
          List<Span> spans = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            spans.addAll(trace(i));
          }
          GRAPH.observe(spans);
          data = Files.createTempDirectory("topology-alerts");
          ruler =
              new Ruler(
                  RulerSettings.defaults(data).withEvaluationDelay(Duration.ZERO),
                  scope -> SERIES,
                  EngineSettings.defaults(),
                  null,
                  batch -> {},
                  CLOCK,
                  new RulerMetrics(null));
          ruler.load();
          // Each tenant sees the same graph here: what differs is whose alerts fire.
          new TopologyApi(tenant -> GRAPH, ruler::latest, CLOCK).addTo(sb);
        }
      };

  @AfterAll
  static void close() throws Exception {
    ruler.close();
    try (var files = Files.walk(data)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static final String RULES =
      """
      name: probes
      kind: promql
      rules:
        - alert: OrdersDown
          expr: probe_up{service_name="order-service"} == 0
          labels: {severity: critical}
          annotations: {summary: "order-service does not answer its probe"}
        - alert: OrdersProbeSlow
          expr: probe_seconds{service_name="order-service"} > 1
          labels: {severity: warning}
        - alert: FrontendDegraded
          expr: probe_up{job="frontend"} == 0
          labels: {severity: critical, service: frontend}
          for: 5m
      """;

  private static void setRules(TenantId tenant) {
    ruler.setGroup(tenant, "probes", ruler.parser().parseGroup("probes", RULES));
  }

  private static void probes(double ordersUp, double ordersSeconds, double frontendUp) {
    long now = CLOCK.millis();
    SERIES.append(
        Labels.of("__name__", "probe_up", "service_name", "order-service"), now, ordersUp);
    SERIES.append(
        Labels.of("__name__", "probe_seconds", "service_name", "order-service"),
        now,
        ordersSeconds);
    SERIES.append(Labels.of("__name__", "probe_up", "job", "frontend"), now, frontendUp);
  }

  @Test
  void aFiringCriticalAlertAboutAServiceTurnsItsNodeRedForItsTenantOnly() throws Exception {
    setRules(TEAM_B);
    probes(1, 0.2, 1);
    ruler.evaluateAll();
    JsonNode calm = get(TEAM_B);
    assertThat(state(calm, "order-service")).isEqualTo("healthy");
    assertThat(node(calm, "order-service").path("alerts").size()).isZero();

    // order-service is down and slow, frontend's probe fails (pending for 5 minutes).
    CLOCK.advance(Duration.ofSeconds(30));
    probes(0, 2.5, 0);
    ruler.evaluateAll();
    JsonNode firing = get(TEAM_B);
    JsonNode orders = node(firing, "order-service");
    assertThat(orders.path("health").path("state").asText()).isEqualTo("critical");
    JsonNode reason = orders.path("health").path("reasons").get(0);
    assertThat(reason.path("kind").asText()).isEqualTo("alert");
    assertThat(reason.path("state").asText()).isEqualTo("critical");
    assertThat(reason.path("text").asText()).isEqualTo("alert OrdersDown firing");
    assertThat(orders.path("health").path("reason").asText())
        .startsWith("alert OrdersDown firing; error rate 0%");
    // Both firing alerts are listed, the critical one first; the warning one does not colour the
    // ring.
    assertThat(orders.path("alertsFiring").asInt()).isEqualTo(2);
    assertThat(orders.path("alerts").findValuesAsText("name"))
        .containsExactly("OrdersDown", "OrdersProbeSlow");
    JsonNode down = orders.path("alerts").get(0);
    assertThat(down.path("severity").asText()).isEqualTo("critical");
    assertThat(down.path("summary").asText()).isEqualTo("order-service does not answer its probe");
    assertThat(down.path("labels").path("service_name").asText()).isEqualTo("order-service");
    assertThat(down.path("firedAt").asLong()).isEqualTo(CLOCK.millis());
    assertThat(down.path("value").asDouble()).isZero();
    // frontend's critical alert is pending: not red yet.
    assertThat(state(firing, "frontend")).isEqualTo("healthy");
    assertThat(node(firing, "frontend").path("alerts").size()).isZero();

    // The default tenant has no rules: the same graph stays healthy there.
    JsonNode other = get(null);
    assertThat(state(other, "order-service")).isEqualTo("healthy");

    // Five minutes on, frontend's alert (labelled service=frontend) fires too.
    CLOCK.advance(Duration.ofMinutes(5));
    probes(0, 2.5, 0);
    ruler.evaluateAll();
    JsonNode both = get(TEAM_B);
    assertThat(state(both, "frontend")).isEqualTo("critical");
    assertThat(node(both, "frontend").path("health").path("reason").asText())
        .startsWith("alert FrontendDegraded firing");

    // Resolved: green again.
    CLOCK.advance(Duration.ofSeconds(30));
    probes(1, 0.2, 1);
    ruler.evaluateAll();
    JsonNode resolved = get(TEAM_B);
    assertThat(state(resolved, "order-service")).isEqualTo("healthy");
    assertThat(state(resolved, "frontend")).isEqualTo("healthy");
    assertThat(node(resolved, "order-service").path("alertsFiring").asInt()).isZero();
  }

  private static JsonNode get(TenantId tenant) throws Exception {
    com.linecorp.armeria.common.RequestHeadersBuilder headers =
        RequestHeaders.builder(HttpMethod.GET, "/api/topology?" + WINDOW);
    if (tenant != null) {
      headers.add("X-Scope-OrgID", tenant.value());
    }
    AggregatedHttpResponse response =
        WebClient.of(server.httpUri()).execute(headers.build()).aggregate().join();
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
    return JSON.readTree(response.contentUtf8());
  }

  private static JsonNode node(JsonNode topology, String name) {
    for (JsonNode node : topology.path("nodes")) {
      if (name.equals(node.path("name").asText())) {
        return node;
      }
    }
    throw new AssertionError("no node " + name + " in " + topology);
  }

  private static String state(JsonNode topology, String name) {
    return node(topology, name).path("health").path("state").asText();
  }

  /** frontend → order-service, all of them successful. */
  private static List<Span> trace(int n) {
    TraceId trace = new TraceId(0xa1e, n + 1);
    long start = (T0.toEpochMilli() + n * 1000L) * 1_000_000;
    Resource frontend =
        new Resource(List.of(io.tracemate.model.Attribute.of("service.name", "frontend")), 0);
    Resource orders =
        new Resource(List.of(io.tracemate.model.Attribute.of("service.name", "order-service")), 0);
    return List.of(
        span(trace, 1, 0, SpanKind.SERVER, frontend, start, 100),
        span(trace, 2, 1, SpanKind.CLIENT, frontend, start + 5_000_000, 80),
        span(trace, 3, 2, SpanKind.SERVER, orders, start + 10_000_000, 70));
  }

  private static Span span(
      TraceId trace, long id, long parent, SpanKind kind, Resource resource, long start, long ms) {
    return Span.builder()
        .traceId(trace)
        .spanId(new SpanId(id))
        .parentSpanId(new SpanId(parent))
        .name("GET /orders")
        .kind(kind)
        .startEpochNanos(start)
        .endEpochNanos(start + ms * 1_000_000)
        .resource(resource)
        .attributes(List.of())
        .status(new Status(StatusCode.UNSET, ""))
        .build();
  }
}
