package io.tracemate.servicegraph;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.tracemate.codec.otlp.OtlpTraceDecoder;
import io.tracemate.demo.DemoOptions;
import io.tracemate.demo.DemoTrafficGenerator;
import io.tracemate.red.RedSeriesConfig;
import io.tracemate.red.RedSeriesStore;
import io.tracemate.testing.MutableClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service graph of the demo shop, from the demo's real spans: the demo runs its OpenTelemetry SDKs (one per
 * simulated replica, each with its own batch exporter) against a loopback OTLP/gRPC receiver that decodes every
 * request with the codec and hands it to the graph, so spans arrive in the SDKs' batches and order, as they
 * would at the server. The graph's clock stands still while the demo runs (nothing expires early) and then
 * moves past the store TTL, which is when the uninstrumented peers' edges appear.
 */
class DemoTopologyTest {

  private static final MutableClock clock =
      new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private static final RedSeriesStore store = new RedSeriesStore(RedSeriesConfig.defaults(), clock);
  private static final ServiceGraph graph =
      new ServiceGraph(ServiceGraphConfig.defaults(), store, clock);
  private static final AtomicLong spansReceived = new AtomicLong();
  private static final Instant START = clock.instant().minus(Duration.ofMinutes(1));
  private static final Instant END = clock.instant().plus(Duration.ofMinutes(5));

  @BeforeAll
  static void runTheDemo() throws InterruptedException {
    Server server =
        Server.builder()
            .http(new InetSocketAddress("127.0.0.1", 0))
            .service(
                GrpcService.builder()
                    .addService(new GraphFeedingTraceService())
                    .addService(new DiscardingLogsService())
                    .build())
            .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
            .build();
    server.start().join();
    try {
      DemoOptions options =
          DemoOptions.defaults("http://127.0.0.1:" + server.activeLocalPort())
              .withTracesPerSecond(2_000)
              .withErrorRate(0.05)
              .withSlowQueryRate(0)
              .withMaxTraces(200);
      DemoTrafficGenerator generator = new DemoTrafficGenerator(options);
      try {
        generator.start();
        assertThat(generator.awaitCompletion(Duration.ofSeconds(20))).isTrue();
      } finally {
        generator.close(); // flushes every SDK
      }
      assertThat(generator.stats().spansExported())
          .isEqualTo(generator.stats().spans())
          .isPositive();
      assertThat(spansReceived.get()).isEqualTo(generator.stats().spans());
    } finally {
      server.stop().join();
    }
    clock.advance(graph.config().store().ttl());
    graph.expire();
  }

  @Test
  void everyEdgeOfTheShopWithTheKafkaFanOutAndTheVirtualNodes() {
    Topology topology = graph.topology(TopologyQuery.between(START, END));
    assertThat(topology.edges())
        .extracting(DemoTopologyTest::describe)
        .containsExactly(
            "analytics-service → clickhouse/analytics [database]",
            "api-gateway → inventory-service",
            "api-gateway → order-service",
            "bank-gateway → bank-core [virtual_node]",
            "inventory-service → mysql/inventory [database]",
            "inventory-service → redis/redis-master.shop.svc.cluster.local [database]",
            "notification-service → sms-provider [virtual_node]",
            "order-service → analytics-service [messaging_system] via kafka/orders",
            "order-service → inventory-service",
            "order-service → mysql/orders [database]",
            "order-service → notification-service [messaging_system] via kafka/orders",
            "order-service → payment-service",
            "payment-service → bank-gateway",
            "payment-service → mysql/payments [database]",
            "payment-service → risk-control",
            "risk-control → ollama.ai-platform.svc.cluster.local [virtual_node]",
            "risk-control → redis/redis-features.payments.svc.cluster.local [database]",
            "user → api-gateway [virtual_node]");

    assertThat(topology.nodes())
        .filteredOn(node -> node.kind() == NodeKind.DATABASE)
        .extracting(TopologyNode::name)
        .containsExactly(
            "clickhouse/analytics",
            "mysql/inventory",
            "mysql/orders",
            "mysql/payments",
            "redis/redis-features.payments.svc.cluster.local",
            "redis/redis-master.shop.svc.cluster.local");
    assertThat(topology.nodes())
        .filteredOn(node -> node.kind() == NodeKind.VIRTUAL)
        .extracting(TopologyNode::name)
        .containsExactly(
            "bank-core", "ollama.ai-platform.svc.cluster.local", "sms-provider", "user");
    assertThat(topology.node("payment-service").orElseThrow().namespaces())
        .containsExactly("payments");

    // Every order published is read by both consumer groups: notification per record, analytics in
    // batches.
    long publishedOrders =
        topology.edges("order-service", "notification-service").getFirst().requests();
    assertThat(publishedOrders).isPositive();
    assertThat(topology.edges("order-service", "analytics-service").getFirst().requests())
        .isEqualTo(publishedOrders);
    assertThat(graph.stats().unnamedHalfEdges()).isZero();
    assertThat(graph.stats().pendingHalfEdges()).isZero();
  }

  @Test
  void throughTheBrokerTheFanOutIsOneArrowInAndOneOutPerConsumerGroup() {
    Topology topology = graph.topology(TopologyQuery.between(START, END).withBrokersAsNodes(true));
    assertThat(topology.edges())
        .extracting(DemoTopologyTest::describe)
        .filteredOn(edge -> edge.contains("kafka"))
        .containsExactly(
            "kafka/orders → analytics-service [messaging_system]",
            "kafka/orders → notification-service [messaging_system]",
            "order-service → kafka/orders [messaging_system]");
    TopologyNode kafka = topology.node("kafka/orders").orElseThrow();
    assertThat(kafka.kind()).isEqualTo(NodeKind.MESSAGING);
    long published = topology.edges("order-service", "kafka/orders").getFirst().requests();
    assertThat(kafka.red().calls()).isEqualTo(published);
    assertThat(topology.edges("kafka/orders", "analytics-service").getFirst().requests())
        .isEqualTo(published);
  }

  @Test
  void thePaymentsNamespaceAndTheCriticalPathsOfAnOrder() {
    Topology payments = graph.topology(TopologyQuery.between(START, END).inNamespace("payments"));
    assertThat(payments.nodes())
        .extracting(TopologyNode::name)
        .containsExactly(
            "bank-core",
            "bank-gateway",
            "mysql/payments",
            "ollama.ai-platform.svc.cluster.local",
            "payment-service",
            "redis/redis-features.payments.svc.cluster.local",
            "risk-control");

    assertThat(graph.paths("api-gateway", "bank-core", START, END, 5, 6))
        .containsExactly(
            List.of(
                "api-gateway", "order-service", "payment-service", "bank-gateway", "bank-core"));
    assertThat(graph.paths("api-gateway", "inventory-service", START, END, 5, 6))
        .containsExactly(
            List.of("api-gateway", "inventory-service"),
            List.of("api-gateway", "order-service", "inventory-service"));
  }

  private static String describe(TopologyEdge edge) {
    String type =
        edge.connectionType().label().isEmpty() ? "" : " [" + edge.connectionType().label() + "]";
    return edge.source()
        + " → "
        + edge.target()
        + type
        + (edge.via().isEmpty() ? "" : " via " + edge.via());
  }

  /** Newer demos also send OTLP logs; this test has no use for them. */
  private static final class DiscardingLogsService extends LogsServiceGrpc.LogsServiceImplBase {
    @Override
    public void export(
        ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> response) {
      response.onNext(ExportLogsServiceResponse.getDefaultInstance());
      response.onCompleted();
    }
  }

  /** The OTLP/gRPC trace service of a server, reduced to decode-and-observe. */
  private static final class GraphFeedingTraceService
      extends TraceServiceGrpc.TraceServiceImplBase {
    @Override
    public void export(
        ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
      var spans = OtlpTraceDecoder.decode(request).spans();
      spansReceived.addAndGet(spans.size());
      graph.observe(spans);
      response.onNext(ExportTraceServiceResponse.getDefaultInstance());
      response.onCompleted();
    }
  }
}
