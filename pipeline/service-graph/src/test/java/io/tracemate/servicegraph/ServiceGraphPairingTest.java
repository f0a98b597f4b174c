package io.tracemate.servicegraph;

import static io.tracemate.model.SpanKind.CLIENT;
import static io.tracemate.model.SpanKind.CONSUMER;
import static io.tracemate.model.SpanKind.INTERNAL;
import static io.tracemate.model.SpanKind.PRODUCER;
import static io.tracemate.model.SpanKind.SERVER;
import static io.tracemate.servicegraph.GraphFixture.describe;
import static io.tracemate.servicegraph.TestSpans.attributes;
import static io.tracemate.servicegraph.TestSpans.failed;
import static io.tracemate.servicegraph.TestSpans.link;
import static io.tracemate.servicegraph.TestSpans.span;
import static io.tracemate.servicegraph.TestSpans.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tracemate.model.Span;
import io.tracemate.model.TraceId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceGraphPairingTest {

  private final GraphFixture fixture = new GraphFixture();

  @Test
  void synchronousChainGivesOneEdgePerHopWithBothSidesLatency() {
    TraceId t = trace(1);
    fixture.observe(
        span(t, 1, 0, "a", SERVER, 0, 200),
        span(t, 2, 1, "a", CLIENT, 10, 100),
        span(t, 3, 2, "b", SERVER, 20, 80),
        span(t, 4, 3, "b", INTERNAL, 25, 60),
        span(t, 5, 4, "b", CLIENT, 30, 50),
        span(t, 6, 5, "c", SERVER, 35, 30));

    Topology topology = fixture.topology();
    assertThat(describe(topology))
        .containsExactly("a → b ×1", "b → c ×1", "user → a [virtual_node] ×1");
    TopologyEdge ab = topology.edges("a", "b").getFirst();
    assertThat(ab.failed()).isZero();
    assertThat(ab.clientP99Millis()).isCloseTo(100, within(2.0));
    assertThat(ab.serverP99Millis()).isCloseTo(80, within(1.6));
    assertThat(topology.nodes())
        .extracting(TopologyNode::name)
        .containsExactly("a", "b", "c", "user");
    assertThat(topology.node("user").orElseThrow().kind()).isEqualTo(NodeKind.VIRTUAL);
    assertThat(topology.node("c").orElseThrow().kind()).isEqualTo(NodeKind.SERVICE);
    assertThat(fixture.graph.stats().pendingHalfEdges()).isZero();
    assertThat(fixture.graph.stats().pairedRequests()).isEqualTo(2);
  }

  @Test
  void serverSpanArrivingBeforeItsClientStillPairs() {
    TraceId t = trace(2);
    fixture.observe(span(t, 3, 2, "b", SERVER, 20, 80));
    assertThat(fixture.graph.stats().pendingHalfEdges()).isEqualTo(1);
    assertThat(fixture.topology().edges()).isEmpty();

    fixture.observe(span(t, 2, 1, "a", CLIENT, 10, 100));

    assertThat(describe(fixture.topology())).containsExactly("a → b ×1");
    assertThat(fixture.graph.stats().pendingHalfEdges()).isZero();
    fixture.passTtl();
    assertThat(fixture.graph.stats().expiredHalfEdges()).isZero();
  }

  @Test
  void aRequestFailsWhenEitherSideFails() {
    fixture.observe(
        failed(span(trace(1), 2, 1, "a", CLIENT, 0, 10)), span(trace(1), 3, 2, "b", SERVER, 1, 8),
        span(trace(2), 2, 1, "a", CLIENT, 0, 10), failed(span(trace(2), 3, 2, "b", SERVER, 1, 8)),
        span(trace(3), 2, 1, "a", CLIENT, 0, 10), span(trace(3), 3, 2, "b", SERVER, 1, 8),
        failed(span(trace(4), 2, 1, "a", CLIENT, 0, 10)),
            failed(span(trace(4), 3, 2, "b", SERVER, 1, 8)));

    TopologyEdge ab = fixture.topology().edges("a", "b").getFirst();
    assertThat(ab.requests()).isEqualTo(4);
    assertThat(ab.failed()).isEqualTo(3);
    assertThat(ab.server().errors()).isEqualTo(3);
  }

  @Test
  void databaseCallsFormVirtualNodesAtOnceNamedBySystemAndDatabase() {
    TraceId t = trace(1);
    fixture.observe(
        span(t, 2, 1, "orders", CLIENT, 0, 3)
            .attributes(
                attributes(
                    "db.system", "mysql", "db.name", "orders", "server.address", "mysql.prod")),
        span(t, 3, 1, "orders", CLIENT, 5, 3)
            .attributes(attributes("db.system", "postgresql", "db.namespace", "billing")),
        span(t, 4, 1, "orders", CLIENT, 10, 1)
            .attributes(attributes("db.system", "redis", "server.address", "redis-master.shop")),
        span(t, 5, 1, "orders", CLIENT, 12, 1)
            .attributes(
                attributes(
                    "db.system", "mysql", "db.name", "orders", "peer.service", "orders-primary")));

    Topology topology = fixture.topology();
    assertThat(describe(topology))
        .containsExactly(
            "orders → mysql/orders [database] ×1",
            "orders → orders-primary [database] ×1",
            "orders → postgresql/billing [database] ×1",
            "orders → redis/redis-master.shop [database] ×1");
    assertThat(topology.nodes())
        .filteredOn(TopologyNode::isVirtual)
        .extracting(TopologyNode::kind)
        .containsOnly(NodeKind.DATABASE);
    TopologyEdge mysql = topology.edges("orders", "mysql/orders").getFirst();
    assertThat(mysql.serverP99Millis()).isEqualTo(mysql.clientP99Millis());
    assertThat(fixture.graph.stats().pendingHalfEdges()).isZero();
    assertThat(fixture.graph.stats().databaseRequests()).isEqualTo(4);
  }

  @Test
  void kafkaFanOutByParentAndByLinksGivesOneEdgePerConsumerGroup() {
    TraceId orderTrace = trace(1);
    TraceId otherOrderTrace = trace(3);
    TraceId batchTrace = trace(2);
    Span.Builder analyticsBatch =
        span(batchTrace, 20, 0, "analytics", CONSUMER, 900, 40)
            .attributes(kafka("orders"))
            .links(List.of(link(orderTrace, 10), link(otherOrderTrace, 30)));
    Span.Builder notification =
        span(orderTrace, 11, 10, "notification", CONSUMER, 20, 70)
            .attributes(kafka("orders"))
            .links(List.of(link(orderTrace, 10)));
    // The batch consumer and one notification arrive before their producers.
    fixture.observe(analyticsBatch, notification);
    fixture.observe(
        span(orderTrace, 10, 1, "orders", PRODUCER, 10, 2).attributes(kafka("orders")),
        span(otherOrderTrace, 30, 1, "orders", PRODUCER, 500, 2).attributes(kafka("orders")));

    assertThat(describe(fixture.topology()))
        .containsExactly(
            "orders → analytics [messaging_system] via kafka/orders ×2",
            "orders → notification [messaging_system] via kafka/orders ×1");
    assertThat(describe(fixture.topology(GraphFixture.window().withBrokersAsNodes(true))))
        .containsExactly(
            "kafka/orders → analytics [messaging_system] ×2",
            "kafka/orders → notification [messaging_system] ×1",
            "orders → kafka/orders [messaging_system] ×2");
    Topology brokers = fixture.topology(GraphFixture.window().withBrokersAsNodes(true));
    assertThat(brokers.node("kafka/orders").orElseThrow().kind()).isEqualTo(NodeKind.MESSAGING);
    assertThat(brokers.node("kafka/orders").orElseThrow().red().calls()).isEqualTo(2);

    // The producer that found consumers expires quietly: no virtual node.
    fixture.passTtl();
    assertThat(describe(fixture.topology())).hasSize(2);
    assertThat(fixture.graph.stats().expiredHalfEdges()).isZero();
  }

  @Test
  void aProducerWithoutConsumerBeforeTheTtlGetsAMessagingVirtualNode() {
    fixture.observe(span(trace(1), 10, 1, "orders", PRODUCER, 10, 2).attributes(kafka("orders")));
    fixture.clock.advance(Duration.ofMillis(9_999));
    fixture.graph.expire();
    assertThat(fixture.topology().edges()).isEmpty();

    fixture.clock.advance(Duration.ofMillis(1));
    fixture.graph.expire();

    Topology topology = fixture.topology();
    assertThat(describe(topology)).containsExactly("orders → kafka/orders [virtual_node] ×1");
    assertThat(topology.node("kafka/orders").orElseThrow().kind()).isEqualTo(NodeKind.MESSAGING);
    assertThat(describe(fixture.topology(GraphFixture.window().withBrokersAsNodes(true))))
        .containsExactly("orders → kafka/orders [messaging_system] ×1");
    assertThat(fixture.graph.stats().expiredHalfEdges()).isEqualTo(1);
    assertThat(fixture.graph.stats().pendingHalfEdges()).isZero();
  }

  @Test
  void unpairedClientsAreNamedByPeerServiceThenServerAddressThenNetPeerName() {
    TraceId t = trace(1);
    fixture.observe(
        span(t, 2, 1, "bank-gateway", CLIENT, 0, 120)
            .attributes(
                attributes(
                    "peer.service", "bank-core", "server.address", "bank-core.corp.internal")),
        span(t, 3, 1, "risk", CLIENT, 0, 300).attributes(attributes("server.address", "ollama.ai")),
        span(t, 4, 1, "legacy", CLIENT, 0, 5).attributes(attributes("net.peer.name", "mainframe")),
        span(t, 5, 1, "mystery", CLIENT, 0, 5));
    assertThat(fixture.topology().edges()).isEmpty();

    fixture.passTtl();

    Topology topology = fixture.topology();
    assertThat(describe(topology))
        .containsExactly(
            "bank-gateway → bank-core [virtual_node] ×1",
            "legacy → mainframe [virtual_node] ×1",
            "risk → ollama.ai [virtual_node] ×1");
    assertThat(topology.node("bank-core").orElseThrow().kind()).isEqualTo(NodeKind.VIRTUAL);
    ServiceGraphStats stats = fixture.graph.stats();
    assertThat(stats.expiredHalfEdges()).isEqualTo(4);
    assertThat(stats.unnamedHalfEdges()).isEqualTo(1);
    assertThat(stats.virtualRequests()).isEqualTo(3);
  }

  @Test
  void aServerWhoseClientNeverComesIsDropped() {
    fixture.observe(span(trace(1), 3, 2, "b", SERVER, 0, 10));
    fixture.passTtl();
    assertThat(fixture.topology().edges()).isEmpty();
    assertThat(fixture.graph.stats().expiredHalfEdges()).isEqualTo(1);
    assertThat(fixture.graph.stats().unnamedHalfEdges()).isEqualTo(1);
  }

  @Test
  void aConsumerWithoutProducerIsFedByItsDestinationNode() {
    fixture.observe(
        span(trace(1), 20, 0, "billing", CONSUMER, 0, 10).attributes(kafka("invoices")));
    assertThat(describe(fixture.topology()))
        .containsExactly("kafka/invoices → billing [virtual_node] ×1");
    assertThat(describe(fixture.topology(GraphFixture.window().withBrokersAsNodes(true))))
        .containsExactly("kafka/invoices → billing [messaging_system] ×1");
  }

  @Test
  void aLinkToAClientSpanDoesNotMakeAMessagingEdge() {
    TraceId t = trace(1);
    fixture.observe(
        span(t, 2, 1, "a", CLIENT, 0, 10).attributes(attributes("peer.service", "x")),
        span(trace(2), 20, 0, "batch", CONSUMER, 100, 10)
            .attributes(kafka("jobs"))
            .links(List.of(link(t, 2))));
    fixture.passTtl();
    assertThat(describe(fixture.topology()))
        .containsExactly("a → x [virtual_node] ×1", "kafka/jobs → batch [virtual_node] ×1");
  }

  @Test
  void aFullStoreEvictsTheOldestHalfEdgeEarly() {
    GraphFixture small =
        new GraphFixture(ServiceGraphConfig.defaults().withStore(Duration.ofSeconds(10), 2), null);
    small.observe(
        span(trace(1), 2, 1, "a", CLIENT, 0, 10).attributes(attributes("peer.service", "p1")),
        span(trace(2), 2, 1, "a", CLIENT, 0, 10).attributes(attributes("peer.service", "p2")),
        span(trace(3), 2, 1, "a", CLIENT, 0, 10).attributes(attributes("peer.service", "p3")));

    assertThat(describe(small.topology())).containsExactly("a → p1 [virtual_node] ×1");
    ServiceGraphStats stats = small.graph.stats();
    assertThat(stats.evictedHalfEdges()).isEqualTo(1);
    assertThat(stats.pendingHalfEdges()).isEqualTo(2);
  }

  @Test
  void aClientSpanDeliveredTwiceIsPairedOnce() {
    Span.Builder client = span(trace(1), 2, 1, "a", CLIENT, 0, 10);
    fixture.observe(client);
    fixture.observe(client);
    fixture.observe(span(trace(1), 3, 2, "b", SERVER, 1, 8));
    assertThat(describe(fixture.topology())).containsExactly("a → b ×1");
    assertThat(fixture.graph.stats().duplicateSpans()).isEqualTo(1);
  }

  @Test
  void requestsOutsideTheWindowAreNotShown() {
    fixture.observe(
        span(trace(1), 2, 1, "a", CLIENT, 0, 10), span(trace(1), 3, 2, "b", SERVER, 1, 8),
        span(trace(2), 2, 1, "a", CLIENT, 6 * 60_000, 10),
            span(trace(2), 3, 2, "c", SERVER, 6 * 60_000, 8));
    assertThat(describe(fixture.topology())).containsExactly("a → b ×1");
  }

  @Test
  void concurrentBatchesInAnyOrderPairEveryRequestExactlyOnce() throws InterruptedException {
    int traces = 2_000;
    int threads = 4;
    // Thread k gets the clients of traces ≡ k (mod threads) and the servers of traces ≡ k + 1, so
    // every pair is split across two threads and either half may come first.
    List<List<Span>> batches = new java.util.ArrayList<>();
    for (int k = 0; k < threads; k++) {
      List<Span> batch = new java.util.ArrayList<>();
      for (int i = 0; i < traces; i++) {
        if (i % threads == k) {
          batch.add(span(trace(i), 2, 1, "a", CLIENT, 0, 10).build());
        }
        if (i % threads == (k + 1) % threads) {
          batch.add(span(trace(i), 3, 2, "b", SERVER, 1, 8).build());
        }
      }
      java.util.Collections.shuffle(batch, new java.util.Random(k));
      batches.add(batch);
    }
    List<Thread> workers = new java.util.ArrayList<>();
    for (List<Span> batch : batches) {
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int from = 0; from < batch.size(); from += 50) {
                      fixture.graph.observe(batch.subList(from, Math.min(batch.size(), from + 50)));
                    }
                  }));
    }
    for (Thread worker : workers) {
      worker.join(Duration.ofSeconds(20));
    }
    assertThat(describe(fixture.topology())).containsExactly("a → b ×" + traces);
    assertThat(fixture.graph.stats().pendingHalfEdges()).isZero();
    assertThat(fixture.graph.stats().pairedRequests()).isEqualTo(traces);
  }

  private static List<io.tracemate.model.Attribute> kafka(String topic) {
    return attributes("messaging.system", "kafka", "messaging.destination.name", topic);
  }
}
