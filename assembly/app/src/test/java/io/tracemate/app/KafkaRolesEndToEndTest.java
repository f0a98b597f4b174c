package io.tracemate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.tracemate.kafka.broker.KafkaBrokerExtension;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receiver and ingester as separate real processes with a real Kafka between them: OpenTelemetry SDK spans (its own
 * OTLP/HTTP exporter) and Loki pushes go to {@code tracemate server --target receiver}; {@code --target
 * ingester,querier} stores and serves them. The ingester is killed with SIGKILL while clients send and started
 * again: every acknowledged span and line is found exactly once. With Kafka down the receiver answers 503 with
 * Retry-After (OTLP/gRPC: UNAVAILABLE with RetryInfo) and acknowledges nothing, and /ready says why.
 */
class KafkaRolesEndToEndTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LINES_PER_PUSH = 5;
  private static final long PUSHES_PER_QUERY = 800;
  private static final long BASE_NANOS = System.currentTimeMillis() * 1_000_000L - 60_000_000_000L;

  @TempDir Path dir;

  private Path config() throws IOException {
    Path file = dir.resolve("tracemate.yaml");
    Files.writeString(
        file,
        """
        kafka:
          brokers: ["%s"]
          partitions: 3
          replication-factor: 1
          producer:
            delivery.timeout.ms: 3000
            request.timeout.ms: 1000
          consumer:
            commit-interval: 1s
            # A killed ingester's partitions go to its successor after this, not after 45 s.
            session.timeout.ms: 6000
            heartbeat.interval.ms: 1000
        """
            .formatted(kafka.bootstrapServers()));
    return file;
  }

  private ServerProcess start(String target, Path data, Path log, int otlpHttpPort, int httpPort)
      throws Exception {
    ServerProcess server =
        new ServerProcess(
            data,
            log,
            List.of("-Xmx384m", "-XX:+ExitOnOutOfMemoryError"),
            otlpHttpPort,
            httpPort,
            List.of("--config", config().toString(), "--target", target));
    try {
      server.awaitReady(Duration.ofSeconds(90));
      return server;
    } catch (Exception | Error e) {
      server.close();
      ServerProcess.printLog(log);
      throw e;
    }
  }

  @Test
  void everyAcknowledgedSpanAndLineIsStoredExactlyOnceThoughTheIngesterIsKilled() throws Exception {
    Path receiverLog = dir.resolve("receiver.log");
    Path ingesterLog = dir.resolve("ingester.log");
    Path ingesterData = dir.resolve("ingester");
    int ingesterHttp = ServerProcess.freePort();
    try (ServerProcess receiver =
            start(
                "receiver",
                dir.resolve("receiver"),
                receiverLog,
                ServerProcess.freePort(),
                ServerProcess.freePort());
        SdkTraceSender spans =
            SdkTraceSender.http(receiver.otlpHttpPort, "kafka-test", BASE_NANOS)) {
      ServerProcess ingester =
          start(
              "ingester,querier",
              ingesterData,
              ingesterLog,
              ServerProcess.freePort(),
              ingesterHttp);
      HttpClient client = HttpClient.newHttpClient();
      Set<Long> acknowledgedTraces = ConcurrentHashMap.newKeySet();
      Set<Long> acknowledgedPushes = ConcurrentHashMap.newKeySet();
      AtomicLong next = new AtomicLong();
      AtomicBoolean sending = new AtomicBoolean(true);
      List<Thread> senders = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        senders.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                      while (sending.get() && System.nanoTime() < stopAt) {
                        long n = next.incrementAndGet();
                        try {
                          if (spans.sendTrace(n, false)) {
                            acknowledgedTraces.add(n);
                          }
                          if (push(client, receiver.httpPort, n) == 204) {
                            acknowledgedPushes.add(n);
                          }
                        } catch (IOException | InterruptedException e) {
                          return;
                        }
                      }
                    }));
      }
      try {
        awaitCount(acknowledgedTraces, 60);
        ingester.kill(); // the receiver keeps acknowledging into Kafka meanwhile
        long killedAt = acknowledgedTraces.size();
        awaitCount(acknowledgedTraces, (int) killedAt + 60);
        ingester =
            start(
                "ingester,querier",
                ingesterData,
                ingesterLog,
                ServerProcess.freePort(),
                ingesterHttp);
        awaitCount(acknowledgedTraces, acknowledgedTraces.size() + 30);
      } finally {
        sending.set(false);
        for (Thread sender : senders) {
          sender.join(TimeUnit.SECONDS.toMillis(30));
        }
      }
      try {
        assertThat(acknowledgedTraces).hasSizeGreaterThanOrEqualTo(150);
        assertThat(acknowledgedPushes).hasSizeGreaterThanOrEqualTo(150);
        assertEveryTraceOnce(ingester, acknowledgedTraces);
        assertEveryLineOnce(ingester, acknowledgedPushes, next.get());
        assertThat(ingester.terminate(Duration.ofSeconds(60))).isZero();
        assertThat(receiver.terminate(Duration.ofSeconds(60))).isZero();
      } finally {
        ingester.close();
      }
    } catch (Exception | Error e) {
      ServerProcess.printLog(receiverLog);
      ServerProcess.printLog(ingesterLog);
      throw e;
    }
  }

  @Test
  void withKafkaDownTheReceiverAnswers503WithRetryAfterAndAcknowledgesNothing() throws Exception {
    Path receiverLog = dir.resolve("receiver.log");
    try (ServerProcess receiver =
        start(
            "receiver",
            dir.resolve("receiver"),
            receiverLog,
            ServerProcess.freePort(),
            ServerProcess.freePort())) {
      HttpClient client = HttpClient.newHttpClient();
      assertThat(push(client, receiver.httpPort, 1)).isEqualTo(204);
      kafka.broker().kill();
      try {
        HttpResponse<String> traces =
            client.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + receiver.otlpHttpPort + "/v1/traces"))
                    .header("Content-Type", "application/x-protobuf")
                    .timeout(Duration.ofSeconds(30))
                    .POST(
                        HttpRequest.BodyPublishers.ofByteArray(
                            CrashRecoveryTest.trace(7).toByteArray()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(traces.statusCode()).isEqualTo(503);
        assertThat(traces.headers().firstValue("Retry-After")).isPresent();
        HttpResponse<String> logs =
            client.send(pushRequest(receiver.httpPort, 2), HttpResponse.BodyHandlers.ofString());
        assertThat(logs.statusCode()).isEqualTo(503);
        assertThat(logs.headers().firstValue("Retry-After")).isPresent();
        assertThat(logs.body()).contains("Kafka");
        // OTLP/gRPC: UNAVAILABLE with RetryInfo, the gRPC exporters' signal to retry later.
        StatusRuntimeException grpc =
            catchThrowableOfType(
                StatusRuntimeException.class,
                () ->
                    GrpcClients.builder("h2c://127.0.0.1:" + receiver.otlpGrpcPort)
                        .build(TraceServiceGrpc.TraceServiceBlockingStub.class)
                        .withDeadlineAfter(30, TimeUnit.SECONDS)
                        .export(CrashRecoveryTest.trace(8)));
        assertThat(grpc.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(grpc.getStatus().getDescription()).contains("Kafka");
        assertThat(StatusProto.fromThrowable(grpc).getDetailsList())
            .anySatisfy(
                detail ->
                    assertThat(detail.unpack(RetryInfo.class).getRetryDelay().getSeconds())
                        .isPositive());
        // /ready tells a load balancer to send elsewhere, and why.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpResponse<String> ready = receiver.get("/ready");
        while (ready.statusCode() == 200 && System.nanoTime() < deadline) {
          Thread.sleep(200);
          ready = receiver.get("/ready");
        }
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("Kafka at " + kafka.bootstrapServers() + " unreachable");
      } finally {
        kafka.broker().restart();
      }
      receiver.awaitReady(Duration.ofSeconds(60));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int status = push(client, receiver.httpPort, 3);
      while (status != 204 && System.nanoTime() < deadline) {
        Thread.sleep(200);
        status = push(client, receiver.httpPort, 3);
      }
      assertThat(status).as("pushes are taken again once Kafka is back").isEqualTo(204);
    } catch (Exception | Error e) {
      ServerProcess.printLog(receiverLog);
      throw e;
    }
  }

  private static void assertEveryTraceOnce(ServerProcess querier, Set<Long> acknowledged)
      throws Exception {
    Map<Long, Integer> wrong = new HashMap<>();
    Set<Long> pending = ConcurrentHashMap.newKeySet();
    pending.addAll(acknowledged);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      wrong.clear();
      for (long n : List.copyOf(pending)) {
        HttpResponse<String> response = querier.get("/api/traces/" + SdkTraceSender.traceIdHex(n));
        int count =
            response.statusCode() == 200
                ? JSON.readTree(response.body()).path("data").path(0).path("spans").size()
                : 0;
        if (count == SdkTraceSender.SPANS_PER_TRACE) {
          pending.remove(n);
        } else {
          wrong.put(n, count);
        }
      }
      if (!pending.isEmpty()) {
        Thread.sleep(250);
      }
    }
    assertThat(wrong)
        .as("acknowledged traces missing or with the wrong span count (of %d)", acknowledged.size())
        .isEmpty();
  }

  private static void assertEveryLineOnce(ServerProcess querier, Set<Long> acknowledged, long sent)
      throws Exception {
    String query = URLEncoder.encode("{app=\"kafka-test\"}", StandardCharsets.UTF_8);
    Map<String, Integer> counts = new HashMap<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    boolean complete = false;
    while (!complete && System.nanoTime() < deadline) {
      counts.clear();
      // Push n's lines are at BASE_NANOS + n ms (+ i ns): read them in windows of PUSHES_PER_QUERY
      // pushes, each under Loki's 5,000-entry limit, however many pushes a fast machine made.
      for (long first = 0; first <= sent; first += PUSHES_PER_QUERY) {
        long start = BASE_NANOS + first * 1_000_000L;
        long end = start + PUSHES_PER_QUERY * 1_000_000L;
        JsonNode result =
            JSON.readTree(
                querier
                    .get(
                        "/loki/api/v1/query_range?query="
                            + query
                            + "&start="
                            + start
                            + "&end="
                            + end
                            + "&limit=5000&direction=forward")
                    .body());
        for (JsonNode stream : result.path("data").path("result")) {
          for (JsonNode value : stream.path("values")) {
            counts.merge(value.path(1).asText(), 1, Integer::sum);
          }
        }
      }
      complete = true;
      for (long n : acknowledged) {
        complete &=
            counts.containsKey(line(n, LINES_PER_PUSH - 1)) && counts.containsKey(line(n, 0));
      }
      if (!complete) {
        Thread.sleep(250);
      }
    }
    assertThat(counts.values()).as("no line stored twice").allMatch(count -> count == 1);
    for (long n : acknowledged) {
      for (int i = 0; i < LINES_PER_PUSH; i++) {
        assertThat(counts).as("acknowledged line of push %d", n).containsKey(line(n, i));
      }
    }
  }

  private static String line(long push, int i) {
    return "push-" + push + " line-" + i;
  }

  private static HttpRequest pushRequest(int port, long n) {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < LINES_PER_PUSH; i++) {
      values
          .append(i == 0 ? "" : ",")
          .append("[\"")
          .append(BASE_NANOS + n * 1_000_000L + i)
          .append("\",\"")
          .append(line(n, i))
          .append("\"]");
    }
    // Two streams per push: the receiver splits it into a record per stream.
    String body =
        "{\"streams\":[{\"stream\":{\"app\":\"kafka-test\",\"pod\":\"a\"},\"values\":["
            + values
            + "]},{\"stream\":{\"app\":\"other\"},\"values\":[[\""
            + (BASE_NANOS + n)
            + "\",\"other "
            + n
            + "\"]]}]}";
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/loki/api/v1/push"))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static int push(HttpClient client, int port, long n)
      throws IOException, InterruptedException {
    return client.send(pushRequest(port, n), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static void awaitCount(Set<Long> acknowledged, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (acknowledged.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
