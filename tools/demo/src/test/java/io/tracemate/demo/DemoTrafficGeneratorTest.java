package io.tracemate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import io.tracemate.demo.RecordingTraceService.Event;
import io.tracemate.demo.RecordingTraceService.Link;
import io.tracemate.demo.RecordingTraceService.ReceivedSpan;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DemoTrafficGeneratorTest {

  private static final Set<String> SERVICES =
      Set.of(
          "api-gateway",
          "order-service",
          "inventory-service",
          "payment-service",
          "risk-control",
          "bank-gateway",
          "notification-service",
          "analytics-service");

  @RegisterExtension static final RecordingBackend BACKEND = new RecordingBackend();
  private static final RecordingTraceService receiver = BACKEND.traces;

  @Test
  void sendsTheShopsTracesThroughOtlpWithRealisticStructure() throws Exception {
    DemoOptions options =
        DemoOptions.defaults(BACKEND.endpoint())
            .withTracesPerSecond(2_000)
            .withErrorRate(0.1)
            .withSlowQueryRate(0)
            .withMaxTraces(400);
    DemoStats stats = runToCompletion(options, Duration.ofSeconds(20));
    List<ReceivedSpan> spans = receiver.spans();
    Map<String, List<ReceivedSpan>> traces =
        spans.stream().collect(Collectors.groupingBy(ReceivedSpan::traceId));
    Map<String, ReceivedSpan> byId =
        spans.stream().collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity()));

    // Everything generated was exported, and nothing more.
    assertThat(stats.spansExported()).isEqualTo(stats.spans()).isEqualTo(spans.size());
    assertThat(stats.spansFailed()).isZero();
    assertThat(traces).hasSize((int) stats.traces());
    assertThat(stats.traces()).isGreaterThan(400); // user requests plus analytics batches

    // Every service of the story, each with a full Kubernetes resource from its own SDK.
    assertThat(spans.stream().map(ReceivedSpan::service).collect(Collectors.toSet()))
        .isEqualTo(SERVICES);
    for (ReceivedSpan span : spans) {
      assertThat(span.resource())
          .containsKeys(
              "service.namespace",
              "service.version",
              "deployment.environment",
              "host.name",
              "k8s.namespace.name",
              "k8s.pod.name",
              "k8s.deployment.name",
              "telemetry.sdk.name",
              "telemetry.sdk.version");
      assertThat(span.resource()).containsEntry("telemetry.sdk.language", "java");
      assertThat(span.endNanos())
          .isGreaterThanOrEqualTo(span.startNanos())
          .isLessThanOrEqualTo(span.receivedAtEpochNanos());
    }
    assertThat(
            spans.stream()
                .filter(s -> s.service().equals("payment-service"))
                .map(s -> s.resource().get("service.namespace")))
        .containsOnly("payments");

    // Each service's SERVER span is a child of the caller's CLIENT span, from another service.
    Map<String, Set<String>> callers =
        spans.stream()
            .filter(s -> s.kind() == SpanKind.SPAN_KIND_SERVER && !s.parentSpanId().isEmpty())
            .collect(
                Collectors.groupingBy(
                    ReceivedSpan::service,
                    Collectors.mapping(
                        s -> {
                          ReceivedSpan parent = byId.get(s.parentSpanId());
                          assertThat(parent).as("parent of %s", s.name()).isNotNull();
                          assertThat(parent.traceId()).isEqualTo(s.traceId());
                          assertThat(parent.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
                          return parent.service();
                        },
                        Collectors.toSet())));
    assertThat(callers)
        .containsEntry("order-service", Set.of("api-gateway"))
        .containsEntry("inventory-service", Set.of("order-service", "api-gateway"))
        .containsEntry("payment-service", Set.of("order-service"))
        .containsEntry("risk-control", Set.of("payment-service"))
        .containsEntry("bank-gateway", Set.of("payment-service"));
    ReceivedSpan orderServer =
        spans.stream().filter(s -> s.name().equals("POST /orders")).findFirst().orElseThrow();
    assertThat(orderServer.attributes())
        .containsKeys("http.request.method", "http.route", "http.response.status_code");
    ReceivedSpan gatewayRoot =
        spans.stream()
            .filter(s -> s.name().equals("GET /api/orders/{id}"))
            .findFirst()
            .orElseThrow();
    assertThat(gatewayRoot.parentSpanId()).isEmpty();
    assertThat(gatewayRoot.attributes())
        .containsKeys(
            "http.request.method",
            "http.route",
            "url.full",
            "http.response.status_code",
            "user_agent.original",
            "client.address");
    assertThat(spans)
        .anySatisfy(
            s ->
                assertThat(s.attributes())
                    .containsEntry("db.system", "mysql")
                    .containsEntry("db.name", "orders")
                    .containsKeys("db.statement", "server.address"));
    assertThat(spans)
        .anySatisfy(s -> assertThat(s.attributes()).containsEntry("db.system", "redis"));
    assertThat(spans)
        .anySatisfy(
            s ->
                assertThat(s.attributes())
                    .containsEntry("rpc.system", "grpc")
                    .containsKeys("rpc.service", "rpc.method"));
    assertThat(spans)
        .anySatisfy(
            s ->
                assertThat(s.attributes())
                    .containsEntry("peer.service", "bank-core")
                    .containsKey("server.address"));

    // Kafka: producer spans, consumers linking to them (same trace for notifications, new traces
    // for analytics).
    Map<String, ReceivedSpan> producers =
        spans.stream()
            .filter(s -> s.kind() == SpanKind.SPAN_KIND_PRODUCER)
            .collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity()));
    assertThat(producers.values())
        .isNotEmpty()
        .allSatisfy(
            p ->
                assertThat(p.attributes())
                    .containsEntry("messaging.system", "kafka")
                    .containsEntry("messaging.destination.name", "orders")
                    .containsEntry("messaging.operation", "publish"));
    List<ReceivedSpan> consumers =
        spans.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_CONSUMER).toList();
    assertThat(consumers)
        .allSatisfy(
            c -> {
              assertThat(c.links()).isNotEmpty();
              for (Link link : c.links()) {
                assertThat(producers).containsKey(link.spanId());
                assertThat(producers.get(link.spanId()).traceId()).isEqualTo(link.traceId());
              }
            });
    List<ReceivedSpan> notifications =
        consumers.stream().filter(c -> c.service().equals("notification-service")).toList();
    assertThat(notifications)
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(c.parentSpanId()).isEqualTo(c.links().getFirst().spanId());
              assertThat(c.traceId()).isEqualTo(c.links().getFirst().traceId());
            });
    List<ReceivedSpan> analytics =
        consumers.stream().filter(c -> c.service().equals("analytics-service")).toList();
    assertThat(analytics)
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(c.parentSpanId()).isEmpty();
              assertThat(c.links())
                  .allSatisfy(
                      link -> {
                        assertThat(link.traceId()).isNotEqualTo(c.traceId());
                        assertThat(producers.get(link.spanId()).endNanos())
                            .as("consumed after publishing")
                            .isLessThan(c.startNanos());
                      });
            });
    // Every published record reached both consumer groups.
    assertThat(notifications).hasSameSizeAs(producers.values());
    assertThat(analytics.stream().mapToInt(c -> c.links().size()).sum())
        .isEqualTo(producers.size());

    // The critical business transaction is tagged on every payment trace.
    Set<String> paymentTraces =
        spans.stream()
            .filter(s -> s.service().equals("payment-service"))
            .map(ReceivedSpan::traceId)
            .collect(Collectors.toSet());
    assertThat(paymentTraces)
        .isNotEmpty()
        .allSatisfy(
            traceId -> {
              List<ReceivedSpan> trace = traces.get(traceId);
              assertThat(trace)
                  .filteredOn(
                      s ->
                          s.service().equals("payment-service")
                              && s.kind() == SpanKind.SPAN_KIND_SERVER)
                  .singleElement()
                  .satisfies(
                      s ->
                          assertThat(s.attributes())
                              .containsEntry("business.transaction", "credit-card-payment"));
              assertThat(trace)
                  .filteredOn(s -> s.parentSpanId().isEmpty())
                  .singleElement()
                  .satisfies(
                      s ->
                          assertThat(s.attributes())
                              .containsEntry("business.transaction", "credit-card-payment"));
            });

    // AI inference spans of risk-control carry model, token and time-to-first-token attributes.
    List<ReceivedSpan> inferences =
        spans.stream()
            .filter(
                s ->
                    s.service().equals("risk-control")
                        && s.attributes().containsKey("gen_ai.request.model"))
            .toList();
    assertThat(inferences).isNotEmpty();
    assertThat(inferences)
        .filteredOn(s -> s.status() != StatusCode.STATUS_CODE_ERROR)
        .isNotEmpty()
        .allSatisfy(
            s -> {
              assertThat(s.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
              assertThat(s.attributes())
                  .containsEntry("ai.model.name", PaymentFlow.MODEL)
                  .containsKeys(
                      "gen_ai.usage.input_tokens",
                      "gen_ai.usage.output_tokens",
                      "ai.time_to_first_token_ms",
                      "server.address");
              assertThat((Long) s.attribute("ai.time_to_first_token_ms") * 1_000_000)
                  .isLessThan(s.durationNanos());
            });

    // Errors: some traces fail, with ERROR status, recorded exceptions with real stack traces, and
    // 500s up the chain.
    List<ReceivedSpan> failed =
        spans.stream().filter(s -> s.status() == StatusCode.STATUS_CODE_ERROR).toList();
    Set<String> failedTraces =
        failed.stream().map(ReceivedSpan::traceId).collect(Collectors.toSet());
    assertThat(failedTraces.size()).isBetween(10, 100);
    List<Event> exceptions =
        failed.stream()
            .flatMap(s -> s.events().stream())
            .filter(e -> e.name().equals("exception"))
            .toList();
    assertThat(exceptions)
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.attributes())
                  .containsKeys("exception.type", "exception.message", "exception.stacktrace");
              assertThat((String) e.attribute("exception.stacktrace"))
                  .startsWith((String) e.attribute("exception.type"))
                  .contains("\n\tat ");
            });
    assertThat(exceptions)
        .extracting(e -> e.attributes().get("exception.type"))
        .contains(
            "com.mysql.cj.jdbc.exceptions.MySQLTransactionRollbackException",
            "io.lettuce.core.RedisCommandTimeoutException");
    for (ReceivedSpan span : failed) {
      for (Event event : span.events()) {
        assertThat(event.timeNanos())
            .as("event of %s", span.name())
            .isBetween(span.startNanos(), span.endNanos());
      }
    }
    assertThat(spans)
        .filteredOn(s -> s.parentSpanId().isEmpty() && failedTraces.contains(s.traceId()))
        .anySatisfy(
            root -> assertThat(root.attributes()).containsEntry("http.response.status_code", 500L));
  }

  @Test
  void slowAuditQueryOfTheStoryTakesAboutFourAndAHalfSecondsWithoutSlowingTheGenerator()
      throws Exception {
    long startedAt = System.nanoTime();
    DemoOptions options =
        DemoOptions.defaults(BACKEND.endpoint())
            .withTracesPerSecond(500)
            .withErrorRate(0)
            .withSlowQueryRate(1)
            .withMaxTraces(20);
    try (DemoTrafficGenerator generator = new DemoTrafficGenerator(options)) {
      generator.start();
      assertThat(generator.awaitCompletion(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(4));

    List<ReceivedSpan> spans = receiver.spans();
    List<ReceivedSpan> audits =
        spans.stream()
            .filter(s -> OrderFlow.AUDIT_STATEMENT.equals(s.attribute("db.statement")))
            .toList();
    assertThat(audits)
        .isNotEmpty()
        .allSatisfy(
            audit -> {
              assertThat(audit.service()).isEqualTo("order-service");
              assertThat(audit.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
              assertThat(audit.attributes()).containsEntry("db.system", "mysql");
              assertThat(audit.durationNanos()).isBetween(4_000_000_000L, 5_000_000_000L);
              assertThat(audit.events())
                  .anySatisfy(
                      e ->
                          assertThat(e.attributes())
                              .containsEntry("log.severity", "WARN")
                              .containsEntry(
                                  "log.message",
                                  "Query on audit_log without date range, potential full table scan."));
              ReceivedSpan root =
                  spans.stream()
                      .filter(
                          s -> s.traceId().equals(audit.traceId()) && s.parentSpanId().isEmpty())
                      .findFirst()
                      .orElseThrow();
              assertThat(root.service()).isEqualTo("api-gateway");
              assertThat(root.durationNanos()).isGreaterThan(audit.durationNanos());
            });
  }

  @Test
  void followsTheRequestedRateAndStopsWhenClosed() throws Exception {
    DemoOptions options = DemoOptions.defaults(BACKEND.endpoint()).withTracesPerSecond(40);
    DemoTrafficGenerator generator = new DemoTrafficGenerator(options);
    generator.start();
    Thread.sleep(1_000);
    generator.close();
    DemoStats stopped = generator.stats();
    assertThat(stopped.traces()).isBetween(20L, 70L);
    assertThat(stopped.spansExported()).isEqualTo(stopped.spans());
    Thread.sleep(100);
    assertThat(generator.stats()).isEqualTo(stopped);
    assertThatThrownBy(generator::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void countsSpansTheBackendDidNotTake() throws Exception {
    DemoOptions options =
        DemoOptions.defaults("http://127.0.0.1:" + portNobodyListensOn())
            .withTracesPerSecond(1_000)
            .withMaxTraces(5);
    DemoStats stats = runToCompletion(options, Duration.ofSeconds(10));
    assertThat(stats.spansExported()).isZero();
    assertThat(stats.spansFailed()).isEqualTo(stats.spans()).isPositive();
    assertThat(stats.logs().otlpExported()).isZero();
    assertThat(stats.logs().otlpFailed()).isEqualTo(stats.logs().otlpRecords()).isPositive();
  }

  /** Runs a bounded generator to its end; the stats are taken after close() flushed everything. */
  private static DemoStats runToCompletion(DemoOptions options, Duration timeout)
      throws InterruptedException {
    DemoTrafficGenerator generator = new DemoTrafficGenerator(options);
    try {
      generator.start();
      assertThat(generator.awaitCompletion(timeout)).isTrue();
    } finally {
      generator.close();
    }
    return generator.stats();
  }

  private static int portNobodyListensOn() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void rejectsBadOptionsNamingTheField() {
    assertThatThrownBy(() -> DemoOptions.defaults("127.0.0.1:4317"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("otlpEndpoint");
    assertThatThrownBy(() -> DemoOptions.defaults("http://127.0.0.1:4317").withTracesPerSecond(0))
        .hasMessageContaining("tracesPerSecond");
    assertThatThrownBy(() -> DemoOptions.defaults("http://127.0.0.1:4317").withErrorRate(1.5))
        .hasMessageContaining("errorRate");
  }
}
