package io.tracemate.servicegraph;

import static io.tracemate.model.SpanKind.CLIENT;
import static io.tracemate.model.SpanKind.CONSUMER;
import static io.tracemate.model.SpanKind.PRODUCER;
import static io.tracemate.model.SpanKind.SERVER;
import static io.tracemate.servicegraph.GraphFixture.WINDOW_END;
import static io.tracemate.servicegraph.GraphFixture.WINDOW_START;
import static io.tracemate.servicegraph.GraphFixture.describe;
import static io.tracemate.servicegraph.TestSpans.attributes;
import static io.tracemate.servicegraph.TestSpans.failed;
import static io.tracemate.servicegraph.TestSpans.inNamespace;
import static io.tracemate.servicegraph.TestSpans.link;
import static io.tracemate.servicegraph.TestSpans.span;
import static io.tracemate.servicegraph.TestSpans.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.tracemate.model.Attribute;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.TraceId;
import io.tracemate.red.RedSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A small shop: user → gateway (shop) → orders (shop) → payments (payments) → bank-core (virtual);
 * orders → mysql/orders, payments → mysql/payments, orders publishes to kafka/orders, read by analytics (data,
 * named by k8s.namespace.name only).
 */
class TopologyTest {

  private final GraphFixture fixture = new GraphFixture();

  private void shopTraffic(int requests, int failedOrders) {
    List<Span.Builder> spans = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      TraceId t = trace(i);
      long at = i * 100L;
      spans.add(inNamespace(span(t, 1, 0, "gateway", SERVER, at, 300), "gateway", "shop"));
      spans.add(inNamespace(span(t, 2, 1, "gateway", CLIENT, at + 1, 280), "gateway", "shop"));
      Span.Builder ordersServer =
          inNamespace(span(t, 3, 2, "orders", SERVER, at + 2, 270), "orders", "shop");
      spans.add(i < failedOrders ? failed(ordersServer) : ordersServer);
      spans.add(
          inNamespace(span(t, 4, 3, "orders", CLIENT, at + 3, 5), "orders", "shop")
              .attributes(attributes("db.system", "mysql", "db.name", "orders")));
      spans.add(inNamespace(span(t, 5, 3, "orders", CLIENT, at + 10, 200), "orders", "shop"));
      spans.add(
          inNamespace(span(t, 6, 5, "payments", SERVER, at + 11, 190), "payments", "payments"));
      spans.add(
          inNamespace(span(t, 7, 6, "payments", CLIENT, at + 12, 3), "payments", "payments")
              .attributes(attributes("db.system", "mysql", "db.name", "payments")));
      spans.add(
          inNamespace(span(t, 8, 6, "payments", CLIENT, at + 20, 150), "payments", "payments")
              .attributes(attributes("peer.service", "bank-core")));
      spans.add(
          inNamespace(span(t, 9, 3, "orders", PRODUCER, at + 250, 2), "orders", "shop")
              .attributes(
                  attributes("messaging.system", "kafka", "messaging.destination.name", "orders")));
      spans.add(
          span(trace(10_000 + i), 10, 0, "analytics", CONSUMER, at + 400, 20)
              .resource(
                  new Resource(
                      List.of(
                          Attribute.of("service.name", "analytics"),
                          Attribute.of("k8s.namespace.name", "data")),
                      0))
              .attributes(
                  attributes("messaging.system", "kafka", "messaging.destination.name", "orders"))
              .links(List.of(link(t, 9))));
    }
    fixture.observe(spans.toArray(Span.Builder[]::new));
    fixture.passTtl();
  }

  @Test
  void theWholeGraphHasEveryEdgeAndNode() {
    shopTraffic(10, 0);
    Topology topology = fixture.topology();
    assertThat(describe(topology))
        .containsExactly(
            "gateway → orders ×10",
            "orders → analytics [messaging_system] via kafka/orders ×10",
            "orders → mysql/orders [database] ×10",
            "orders → payments ×10",
            "payments → bank-core [virtual_node] ×10",
            "payments → mysql/payments [database] ×10",
            "user → gateway [virtual_node] ×10");
    assertThat(topology.nodes())
        .extracting(TopologyNode::name, TopologyNode::kind, TopologyNode::namespace)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("analytics", NodeKind.SERVICE, "data"),
            org.assertj.core.groups.Tuple.tuple("bank-core", NodeKind.VIRTUAL, ""),
            org.assertj.core.groups.Tuple.tuple("gateway", NodeKind.SERVICE, "shop"),
            org.assertj.core.groups.Tuple.tuple("mysql/orders", NodeKind.DATABASE, ""),
            org.assertj.core.groups.Tuple.tuple("mysql/payments", NodeKind.DATABASE, ""),
            org.assertj.core.groups.Tuple.tuple("orders", NodeKind.SERVICE, "shop"),
            org.assertj.core.groups.Tuple.tuple("payments", NodeKind.SERVICE, "payments"),
            org.assertj.core.groups.Tuple.tuple("user", NodeKind.VIRTUAL, ""));
    assertThat(topology.node("orders").orElseThrow().lastSeen())
        .isEqualTo(fixture.clock.instant().minus(fixture.graph.config().store().ttl()));
    assertThat(topology.node("bank-core").orElseThrow().lastSeen()).isNull();
  }

  @Test
  void aNamespaceKeepsItsServicesAndTheVirtualNodesAttachedToThem() {
    shopTraffic(10, 0);
    assertThat(describe(fixture.topology(GraphFixture.window().inNamespace("shop"))))
        .containsExactly(
            "gateway → orders ×10",
            "orders → mysql/orders [database] ×10",
            "user → gateway [virtual_node] ×10");
    assertThat(describe(fixture.topology(GraphFixture.window().inNamespace("payments"))))
        .containsExactly(
            "payments → bank-core [virtual_node] ×10", "payments → mysql/payments [database] ×10");
    // k8s.namespace.name counts as well as service.namespace.
    assertThat(fixture.topology(GraphFixture.window().inNamespace("data")).nodes())
        .extracting(TopologyNode::name)
        .containsExactly("analytics");
    assertThat(
            fixture
                .topology(GraphFixture.window().inNamespace("data").withBrokersAsNodes(true))
                .nodes())
        .extracting(TopologyNode::name)
        .containsExactly("analytics", "kafka/orders");
    assertThat(fixture.topology(GraphFixture.window().inNamespace("nope")).nodes()).isEmpty();
  }

  @Test
  void aFocusKeepsNHopsOfCallersAndCallees() {
    shopTraffic(3, 0);
    assertThat(describe(fixture.topology(GraphFixture.window().around("orders", 1, 1))))
        .containsExactly(
            "gateway → orders ×3",
            "orders → analytics [messaging_system] via kafka/orders ×3",
            "orders → mysql/orders [database] ×3",
            "orders → payments ×3");
    assertThat(describe(fixture.topology(GraphFixture.window().around("orders", 2, 2))))
        .containsExactly(
            "gateway → orders ×3",
            "orders → analytics [messaging_system] via kafka/orders ×3",
            "orders → mysql/orders [database] ×3",
            "orders → payments ×3",
            "payments → bank-core [virtual_node] ×3",
            "payments → mysql/payments [database] ×3",
            "user → gateway [virtual_node] ×3");
    assertThat(describe(fixture.topology(GraphFixture.window().around("payments", 2, 0))))
        .containsExactly("gateway → orders ×3", "orders → payments ×3");
    assertThat(fixture.topology(GraphFixture.window().around("payments", 0, 0)).nodes())
        .extracting(TopologyNode::name)
        .containsExactly("payments");
    assertThat(fixture.topology(GraphFixture.window().around("unknown", 3, 3)).nodes()).isEmpty();
  }

  @Test
  void namespaceAndFocusCombine() {
    shopTraffic(3, 0);
    assertThat(
            describe(
                fixture.topology(GraphFixture.window().inNamespace("shop").around("orders", 0, 5))))
        .containsExactly("orders → mysql/orders [database] ×3");
  }

  @Test
  void nodeRedIsTheSumOfIncomingEdgesServerSideAndHealthFollowsIt() {
    shopTraffic(100, 3);
    Topology topology = fixture.topology();
    TopologyNode orders = topology.node("orders").orElseThrow();
    assertThat(orders.red().calls()).isEqualTo(100);
    assertThat(orders.red().errors()).isEqualTo(3);
    assertThat(orders.red().p99Millis()).isCloseTo(270, within(270 * 0.02));
    assertThat(orders.health().state()).isEqualTo(HealthState.WARNING);
    assertThat(orders.health().reason())
        .startsWith("error rate 3% ≥ 1%; p99 2")
        .contains("(not judged: no SLO");
    assertThat(orders.health().reasons())
        .extracting(HealthReason::kind)
        .containsExactly(HealthReason.Kind.ERRORS, HealthReason.Kind.LATENCY);
    assertThat(topology.node("payments").orElseThrow().health().state())
        .isEqualTo(HealthState.HEALTHY);
    // The database's RED is what its callers measured.
    assertThat(topology.node("mysql/orders").orElseThrow().red().p99Millis())
        .isCloseTo(5, within(0.1));
    // The gateway's only caller is "user"; user itself has no incoming requests.
    assertThat(topology.node("gateway").orElseThrow().red().calls()).isEqualTo(100);
    assertThat(topology.node("user").orElseThrow().health().state()).isEqualTo(HealthState.UNKNOWN);
  }

  @Test
  void edgesAreJudgedByTheNodeRulesAndTheirOwnNormal() {
    // Before the window: 100 calls orders → payments at 20 ms, the edge's normal. In the window:
    // 200 ms, with one
    // failure in 400 calls (0.25 %: not an error problem, however red one failure used to paint
    // it).
    GraphFixture fixture = new GraphFixture();
    List<Span.Builder> spans = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      TraceId t = trace(50_000 + i);
      spans.add(span(t, 2, 1, "orders", CLIENT, -120_000 + i * 100L, 20));
      spans.add(span(t, 3, 2, "payments", SERVER, -120_000 + i * 100L + 1, 18));
    }
    for (int i = 0; i < 400; i++) {
      TraceId t = trace(60_000 + i);
      spans.add(span(t, 2, 1, "orders", CLIENT, i * 100L, 200));
      Span.Builder server = span(t, 3, 2, "payments", SERVER, i * 100L + 1, 190);
      spans.add(i == 0 ? failed(server) : server);
    }
    fixture.observe(spans.toArray(Span.Builder[]::new));

    TopologyEdge edge = fixture.topology().edges("orders", "payments").getFirst();
    assertThat(edge.failed()).isEqualTo(1);
    assertThat(edge.health().state()).isEqualTo(HealthState.WARNING);
    assertThat(edge.health().reasons())
        .extracting(HealthReason::kind, HealthReason::state)
        .containsExactly(
            tuple(HealthReason.Kind.LATENCY, HealthState.WARNING),
            tuple(HealthReason.Kind.ERRORS, HealthState.HEALTHY));
    assertThat(edge.health().reason()).contains("its normal 20 ms");
    assertThat(edge.health().baselineP99Millis()).isCloseTo(20, within(0.5));
    // Slow calls are counted against that normal: every call of the window is over 20 ms.
    assertThat(edge.client().slowCalls()).isEqualTo(400);
  }

  @Test
  void perServiceThresholdsOverrideTheDefaults() {
    HealthThresholds health =
        new HealthThresholds(
            null,
            null,
            null,
            Map.of("payments", new HealthThresholds.ServiceOverride(100.0, null, null)));
    GraphFixture strict = new GraphFixture(ServiceGraphConfig.defaults().withHealth(health), null);
    TraceId t = trace(1);
    strict.observe(
        span(t, 2, 1, "orders", CLIENT, 0, 200),
        span(t, 3, 2, "payments", SERVER, 1, 190),
        span(t, 4, 1, "orders", CLIENT, 0, 200),
        span(t, 5, 4, "billing", SERVER, 1, 190));
    Topology topology = strict.topology();
    Health payments = topology.node("payments").orElseThrow().health();
    assertThat(payments.state()).isEqualTo(HealthState.WARNING);
    assertThat(payments.reason())
        .startsWith("p99 ")
        .contains(" ms > SLO 100 ms; error rate 0% < 1%");
    assertThat(payments.reasons().getFirst().kind()).isEqualTo(HealthReason.Kind.LATENCY);
    assertThat(payments.thresholds()).isEqualTo(new Thresholds(100.0, 0.01, 0.05));
    assertThat(topology.node("billing").orElseThrow().health().state())
        .isEqualTo(HealthState.HEALTHY);
  }

  @Test
  void aNodeRedSourceIsPreferredAndGivesEntryServicesRed() {
    RedSummary own = new RedSummary(1000, 60, 3.3, 0.06, 10, 20, 30, 10_000);
    NodeRedSource source =
        (service, start, end) -> service.equals("gateway") || service.equals("lonely") ? own : null;
    GraphFixture withSource = new GraphFixture(ServiceGraphConfig.defaults(), source);
    TraceId t = trace(1);
    withSource.observe(
        span(t, 2, 1, "gateway", CLIENT, 0, 20),
        span(t, 3, 2, "orders", SERVER, 1, 10),
        span(trace(2), 1, 0, "lonely", io.tracemate.model.SpanKind.INTERNAL, 0, 5));
    withSource.graph.observe(List.of(span(trace(3), 5, 4, "lonely", SERVER, 0, 5).build()));
    Topology topology = withSource.topology();
    assertThat(topology.node("gateway").orElseThrow().red()).isEqualTo(own);
    assertThat(topology.node("gateway").orElseThrow().health().state())
        .isEqualTo(HealthState.CRITICAL);
    assertThat(topology.node("orders").orElseThrow().red().calls()).isEqualTo(1);
    // A service without edges in the window still shows when its own RED has traffic.
    assertThat(topology.node("lonely")).isPresent();
  }

  @Test
  void pathsAreEverySimplePathShortestFirst() {
    TraceId t = trace(1);
    // a → b → d, a → c → d, a → d, b → c, and a cycle d → a.
    fixture.observe(
        span(t, 1, 0, "a", CLIENT, 0, 10), span(t, 2, 1, "b", SERVER, 0, 5),
        span(t, 3, 2, "b", CLIENT, 0, 3), span(t, 4, 3, "d", SERVER, 0, 2),
        span(t, 5, 0, "a", CLIENT, 0, 10), span(t, 6, 5, "c", SERVER, 0, 5),
        span(t, 7, 6, "c", CLIENT, 0, 3), span(t, 8, 7, "d", SERVER, 0, 2),
        span(t, 9, 0, "a", CLIENT, 0, 10), span(t, 10, 9, "d", SERVER, 0, 5),
        span(t, 11, 2, "b", CLIENT, 0, 3), span(t, 12, 11, "c", SERVER, 0, 2),
        span(t, 13, 4, "d", CLIENT, 0, 1), span(t, 14, 13, "a", SERVER, 0, 1));

    assertThat(fixture.graph.paths("a", "d", WINDOW_START, WINDOW_END, 10, 5))
        .containsExactly(
            List.of("a", "d"),
            List.of("a", "b", "d"),
            List.of("a", "c", "d"),
            List.of("a", "b", "c", "d"));
    assertThat(fixture.graph.paths("a", "d", WINDOW_START, WINDOW_END, 2, 5))
        .containsExactly(List.of("a", "d"), List.of("a", "b", "d"));
    assertThat(fixture.graph.paths("a", "d", WINDOW_START, WINDOW_END, 10, 2)).hasSize(3);
    assertThat(fixture.graph.paths("d", "c", WINDOW_START, WINDOW_END, 10, 5))
        .containsExactly(List.of("d", "a", "c"), List.of("d", "a", "b", "c"));
    assertThat(fixture.graph.paths("c", "b", WINDOW_START, WINDOW_END, 10, 5))
        .containsExactly(List.of("c", "d", "a", "b"));
    assertThat(fixture.graph.paths("a", "nowhere", WINDOW_START, WINDOW_END, 10, 5)).isEmpty();
    assertThat(fixture.graph.paths("a", "a", WINDOW_START, WINDOW_END, 10, 5))
        .containsExactly(List.of("a"));
    assertThatThrownBy(() -> fixture.graph.paths("a", "d", WINDOW_START, WINDOW_END, 0, 5))
        .hasMessageContaining("maxPaths");
    assertThatThrownBy(() -> fixture.graph.paths("a", "d", WINDOW_START, WINDOW_END, 1, 0))
        .hasMessageContaining("maxDepth");
  }

  @Test
  void dependenciesSumEveryConnectionTypeBetweenTwoNodes() {
    shopTraffic(4, 1);
    assertThat(fixture.graph.dependencies(WINDOW_START, WINDOW_END))
        .containsExactly(
            new ServiceDependency("gateway", "orders", 4),
            new ServiceDependency("orders", "analytics", 4),
            new ServiceDependency("orders", "mysql/orders", 4),
            new ServiceDependency("orders", "payments", 4),
            new ServiceDependency("payments", "bank-core", 4),
            new ServiceDependency("payments", "mysql/payments", 4),
            new ServiceDependency("user", "gateway", 4));
  }

  @Test
  void queriesRejectAnEmptyWindowAndHopsOutOfRange() {
    assertThatThrownBy(() -> TopologyQuery.between(WINDOW_START, WINDOW_START))
        .hasMessageContaining("must be after its start");
    assertThatThrownBy(() -> GraphFixture.window().around("a", -1, 0))
        .hasMessageContaining("hopsUp");
    assertThatThrownBy(() -> GraphFixture.window().around("a", 0, 33))
        .hasMessageContaining("hopsDown");
  }
}
