package io.tracemate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Logs through real clients (the OpenTelemetry log SDK over OTLP/gRPC, loki4j in protobuf and JSON modes) into a
 * real server, and back out through the Loki API, the trace correlation endpoint and live tail.
 */
class LogsEndToEndTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";

  @RegisterExtension static final RunningServer SERVER = RunningServer.perClass();
  private static final HttpClient http = HttpClient.newHttpClient();

  private static String range(String query, Instant start) {
    long end = System.currentTimeMillis() * 1_000_000L + 60_000_000_000L;
    return "/loki/api/v1/query_range?query="
        + URLEncoder.encode(query, UTF_8)
        + "&start="
        + start.toEpochMilli() * 1_000_000L
        + "&end="
        + end
        + "&direction=forward&limit=100";
  }

  /** Every line of a streams result in time order (Loki groups values by stream, so order across streams is by timestamp). */
  private static List<String> lines(JsonNode result) {
    List<JsonNode> values = new ArrayList<>();
    for (JsonNode stream : result.path("data").path("result")) {
      stream.path("values").forEach(values::add);
    }
    values.sort(
        java.util.Comparator.comparing(value -> new java.math.BigInteger(value.path(0).asText())));
    return values.stream().map(value -> value.path(1).asText()).toList();
  }

  @Test
  void openTelemetryLogsComeBackWithMappedLabelsMetadataAndOrder() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    SdkLoggerProvider provider =
        RealClients.loggerProvider(
            SERVER.server().otlpGrpcPort(),
            RealClients.resource(
                "checkout", "k8s.namespace.name", "shop", "k8s.pod.name", "checkout-7d9f"));
    Context inSpan =
        Context.root()
            .with(
                Span.wrap(
                    SpanContext.create(
                        TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault())));
    var logger = provider.get("io.shop.Checkout");
    // Distinct timestamps: entries of different streams with equal timestamps have no defined
    // order.
    Instant t = Instant.now();
    logger
        .logRecordBuilder()
        .setTimestamp(t)
        .setSeverity(Severity.INFO)
        .setBody("cart loaded")
        .emit();
    logger
        .logRecordBuilder()
        .setTimestamp(t.plusMillis(1))
        .setSeverity(Severity.WARN)
        .setBody("payment slow")
        .setAttribute(AttributeKey.stringKey("user.id"), "u-42")
        .setContext(inSpan)
        .emit();
    logger
        .logRecordBuilder()
        .setTimestamp(t.plusMillis(2))
        .setSeverity(Severity.INFO)
        .setBody("order placed")
        .emit();
    provider.forceFlush().join(10, TimeUnit.SECONDS);
    provider.shutdown().join(10, TimeUnit.SECONDS);

    JsonNode all =
        SERVER.await(range("{service_name=\"checkout\"}", before), json -> lines(json).size() == 3);
    assertThat(lines(all)).containsExactly("cart loaded", "payment slow", "order placed");
    JsonNode warn =
        SERVER.await(
            range("{service_name=\"checkout\", namespace=\"shop\"} | level=\"warn\"", before),
            json -> lines(json).size() == 1);
    JsonNode labels = warn.path("data").path("result").path(0).path("stream");
    assertThat(labels.path("pod").asText()).isEqualTo("checkout-7d9f");
    assertThat(labels.path("trace_id").asText()).isEqualTo(TRACE_ID);
    assertThat(labels.path("user_id").asText()).isEqualTo("u-42");

    HttpResponse<String> byTrace = SERVER.get("/api/logs/trace/" + TRACE_ID + "?spanID=" + SPAN_ID);
    assertThat(byTrace.statusCode()).isEqualTo(200);
    assertThat(RunningServer.JSON.readTree(byTrace.body()).path("entries").findValuesAsText("line"))
        .containsExactly("payment slow");
    HttpResponse<String> counted = SERVER.get(range("{service_name=\"checkout\"}", before));
    assertThat(counted.headers().firstValue("X-Tracemate-Bytes-Scanned")).isPresent();
  }

  @Test
  void loki4jPushesInBothModesComeBackThroughLogQL() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    for (boolean protobuf : new boolean[] {true, false}) {
      String mode = protobuf ? "proto" : "json";
      LoggerContext context =
          RealClients.loki4j(
              "loki4j-" + mode, SERVER.httpBase(), protobuf, "app = billing", "mode = " + mode);
      try {
        Logger logger = context.getLogger("io.example.Billing");
        logger.info("{\"msg\":\"invoice sent\",\"amount\":120,\"trace_id\":\"" + TRACE_ID + "\"}");
        logger.error("{\"msg\":\"invoice failed\",\"amount\":7}");
      } finally {
        // stop() flushes what loki4j still buffers
        context.stop();
      }
    }
    JsonNode both =
        SERVER.await(range("{app=\"billing\"}", before), json -> lines(json).size() == 4);
    assertThat(both.path("data").path("result").findValuesAsText("mode"))
        .containsOnly("proto", "json");
    assertThat(both.path("data").path("result").findValuesAsText("level"))
        .containsOnly("INFO", "ERROR");
    JsonNode parsed =
        SERVER.await(
            "/loki/api/v1/query?query="
                + URLEncoder.encode(
                    "sum by (mode) (count_over_time({app=\"billing\"} | json | amount > 100 [1h]))",
                    UTF_8),
            json -> json.path("data").path("result").size() == 2);
    assertThat(parsed.path("data").path("resultType").asText()).isEqualTo("vector");
    for (JsonNode sample : parsed.path("data").path("result")) {
      assertThat(sample.path("value").path(1).asText())
          .as("one invoice over 100 per mode")
          .isEqualTo("1");
    }
  }

  @Test
  void liveTailSeesANewLine() throws Exception {
    List<String> messages = new CopyOnWriteArrayList<>();
    String tailUri =
        "ws://127.0.0.1:"
            + SERVER.server().httpPort()
            + "/loki/api/v1/tail?query="
            + URLEncoder.encode("{app=\"tail-test\"}", UTF_8);
    WebSocket socket =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(tailUri), new TextMessageCollector(messages))
            .get(10, TimeUnit.SECONDS);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (messages.stream().noneMatch(m -> m.contains("hello from the tail"))
          && System.nanoTime() < deadline) {
        String body =
            "{\"streams\":[{\"stream\":{\"app\":\"tail-test\"},\"values\":[[\""
                + System.currentTimeMillis() * 1_000_000L
                + "\",\"hello from the tail\"]]}]}";
        HttpResponse<String> pushed =
            http.send(
                HttpRequest.newBuilder(URI.create(SERVER.httpBase() + "/loki/api/v1/push"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pushed.statusCode()).isEqualTo(204);
        Thread.sleep(300);
      }
      assertThat(messages)
          .anySatisfy(
              message -> {
                JsonNode json = RunningServer.JSON.readTree(message);
                assertThat(json.path("streams").path(0).path("stream").path("app").asText())
                    .isEqualTo("tail-test");
                assertThat(json.path("streams").path(0).path("values").path(0).path(1).asText())
                    .isEqualTo("hello from the tail");
              });
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }
  }
}
