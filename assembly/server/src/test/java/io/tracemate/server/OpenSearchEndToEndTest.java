package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.tracemate.queue.QueueSettings;
import io.tracemate.server.config.OpenSearchSettings;
import io.tracemate.server.config.TracemateConfig;
import io.tracemate.testing.opensearch.OpenSearchExtension;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server with {@code storage.backend: opensearch} against a real node: spans sent by the OpenTelemetry SDK over
 * OTLP/gRPC come back through the Jaeger API (search, trace by ID, services, operations), and they sit in Jaeger's
 * daily index under Jaeger's field names; log lines sent by the OpenTelemetry log SDK and loki4j come back through
 * the Loki API (query_range, query, labels, label values, series) and the logs of a trace, from daily log indices.
 */
class OpenSearchEndToEndTest {
  @RegisterExtension static final OpenSearchExtension OPENSEARCH = new OpenSearchExtension();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void otelSdkSpansInJaegerApiOutStoredInJaegersIndex(@TempDir Path dir) throws Exception {
    URI cluster = OPENSEARCH.httpUri();
    String prefix = "e2e-" + Long.toHexString(System.nanoTime());
    TracemateConfig config =
        onOpenSearch(dir, cluster, prefix, TracemateConfig.IngestSettings.DEFAULTS);
    String traceId;
    try (RunningServer server = new RunningServer(TracemateServer.start(config))) {
      assertThat(server.get("/ready").statusCode()).isEqualTo(200);
      SdkTracerProvider checkout =
          RealClients.tracerProvider(
              server.server().otlpGrpcPort(), RealClients.resource("checkout", "region", "eu-1"));
      SdkTracerProvider payments =
          RealClients.tracerProvider(
              server.server().otlpGrpcPort(), RealClients.resource("payments"));
      try {
        Tracer front = checkout.get("e2e");
        Span root = front.spanBuilder("POST /order").setSpanKind(SpanKind.SERVER).startSpan();
        traceId = root.getSpanContext().getTraceId();
        try (Scope ignored = root.makeCurrent()) {
          Span charge =
              payments
                  .get("e2e")
                  .spanBuilder("charge")
                  .setSpanKind(SpanKind.SERVER)
                  .setAttribute("card.brand", "visa")
                  .startSpan();
          charge.setStatus(StatusCode.ERROR, "declined");
          charge.end();
        }
        root.end();
        checkout.forceFlush().join(10, TimeUnit.SECONDS);
        payments.forceFlush().join(10, TimeUnit.SECONDS);
      } finally {
        checkout.close();
        payments.close();
      }

      JsonNode found =
          server.await(
              "/api/traces?service=payments&tags=%7B%22card.brand%22%3A%22visa%22%7D",
              json ->
                  json.path("data").size() == 1
                      && json.path("data").path(0).path("spans").size() == 2);
      assertThat(found.path("data").path(0).path("traceID").asText()).isEqualTo(traceId);
      JsonNode trace =
          server.await("/api/traces/" + traceId, json -> json.path("data").size() == 1);
      assertThat(trace.path("data").path(0).path("spans")).hasSize(2);
      assertThat(server.getJson("/api/services").path("data"))
          .extracting(JsonNode::asText)
          .containsExactly("checkout", "payments");
      assertThat(server.getJson("/api/services/payments/operations").path("data"))
          .extracting(JsonNode::asText)
          .containsExactly("charge");
      assertThat(
              server
                  .getJson("/api/traces?service=checkout&tags=%7B%22error%22%3A%22true%22%7D")
                  .path("data"))
          .isEmpty();
    }

    // Jaeger's index for today, Jaeger's field names
    String index = prefix + "-jaeger-span-" + LocalDate.now(ZoneOffset.UTC);
    HttpResponse<String> stored =
        HTTP.send(
            HttpRequest.newBuilder(
                    cluster.resolve(
                        "/" + index + "/_search?q=traceID:" + traceId + "&_source_excludes=otlp"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode hits = RunningServer.JSON.readTree(stored.body()).path("hits").path("hits");
    assertThat(hits).hasSize(2);
    assertThat(hits)
        .extracting(hit -> hit.path("_source").path("process").path("serviceName").asText())
        .containsExactlyInAnyOrder("checkout", "payments");
    assertThat(hits)
        .allSatisfy(
            hit -> {
              JsonNode source = hit.path("_source");
              assertThat(source.path("operationName").isTextual()).isTrue();
              assertThat(source.path("startTime").isIntegralNumber()).isTrue();
              assertThat(source.path("startTimeMillis").asLong())
                  .isEqualTo(source.path("startTime").asLong() / 1000);
              assertThat(source.path("duration").isIntegralNumber()).isTrue();
              assertThat(source.path("tenant").asText()).isEqualTo("fake");
            });
    HTTP.send(
        HttpRequest.newBuilder(cluster.resolve("/" + prefix + "-*")).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    HTTP.send(
        HttpRequest.newBuilder(cluster.resolve("/_index_template/" + prefix + "-*"))
            .DELETE()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void otelAndLoki4jLogsInLokiApiOutStoredInOpenSearch(@TempDir Path dir) throws Exception {
    URI cluster = OPENSEARCH.httpUri();
    String prefix = "e2e-logs-" + Long.toHexString(System.nanoTime());
    TracemateConfig config =
        onOpenSearch(
            dir,
            cluster,
            prefix,
            // log lines become visible in OpenSearch at each flush of the log store
            new TracemateConfig.IngestSettings(
                null, null, QueueSettings.LOGS.withFlushInterval(Duration.ofMillis(500))));
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String spanId = "00f067aa0ba902b7";
    Instant before = Instant.now().minusSeconds(1);
    try (RunningServer server = new RunningServer(TracemateServer.start(config))) {
      assertThat(server.get("/ready").statusCode()).isEqualTo(200);
      SdkLoggerProvider provider =
          RealClients.loggerProvider(
              server.server().otlpGrpcPort(), RealClients.resource("checkout"));
      Context inSpan =
          Context.root()
              .with(
                  io.opentelemetry.api.trace.Span.wrap(
                      SpanContext.create(
                          traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault())));
      Instant t = Instant.now();
      var logger = provider.get("io.shop.Checkout");
      logger.logRecordBuilder().setTimestamp(t).setBody("cart loaded").emit();
      logger
          .logRecordBuilder()
          .setTimestamp(t.plusMillis(1))
          .setSeverity(Severity.WARN)
          .setBody("payment slow")
          .setContext(inSpan)
          .emit();
      provider.forceFlush().join(10, TimeUnit.SECONDS);
      provider.shutdown().join(10, TimeUnit.SECONDS);
      LoggerContext loki4j =
          RealClients.loki4j("loki4j-opensearch", server.httpBase(), true, "app = billing");
      try {
        Logger billing = loki4j.getLogger("io.example.Billing");
        billing.info("invoice 1 sent");
        billing.error("invoice 2 failed");
      } finally {
        loki4j.stop(); // flushes what loki4j still buffers
      }

      JsonNode checkout =
          server.await(
              range("{service_name=\"checkout\"}", before), json -> lines(json).size() == 2);
      assertThat(lines(checkout)).containsExactly("cart loaded", "payment slow");
      JsonNode failed =
          server.await(
              range("{app=\"billing\"} |= \"failed\"", before), json -> lines(json).size() == 1);
      assertThat(lines(failed)).containsExactly("invoice 2 failed");
      JsonNode counted =
          server.getJson(
              "/loki/api/v1/query?query="
                  + URLEncoder.encode(
                      "sum(count_over_time({app=\"billing\"}[5m]))", StandardCharsets.UTF_8));
      assertThat(counted.path("data").path("result").path(0).path("value").path(1).asText())
          .isEqualTo("2");
      assertThat(server.getJson("/loki/api/v1/labels").path("data"))
          .extracting(JsonNode::asText)
          .contains("app", "level", "service_name");
      assertThat(server.getJson("/loki/api/v1/label/app/values").path("data"))
          .extracting(JsonNode::asText)
          .containsExactly("billing");
      JsonNode series =
          server.getJson(
              "/loki/api/v1/series?match%5B%5D="
                  + URLEncoder.encode("{app=\"billing\"}", StandardCharsets.UTF_8));
      assertThat(series.path("data"))
          .extracting(labels -> labels.path("level").asText().toLowerCase(java.util.Locale.ROOT))
          .containsExactlyInAnyOrder("info", "error");
      JsonNode byTrace = server.getJson("/api/logs/trace/" + traceId);
      assertThat(byTrace.path("entries").findValuesAsText("line")).containsExactly("payment slow");
    }

    // one document per line in today's log index, of the default tenant
    String index = prefix + "-tracemate-logs-" + LocalDate.now(ZoneOffset.UTC);
    HttpResponse<String> stored =
        HTTP.send(
            HttpRequest.newBuilder(cluster.resolve("/" + index + "/_search?size=100")).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode hits = RunningServer.JSON.readTree(stored.body()).path("hits").path("hits");
    assertThat(hits)
        .extracting(hit -> hit.path("_source").path("line").asText())
        .containsExactlyInAnyOrder(
            "cart loaded", "payment slow", "invoice 1 sent", "invoice 2 failed");
    assertThat(hits)
        .allSatisfy(
            hit -> assertThat(hit.path("_source").path("tenant").asText()).isEqualTo("fake"));
    HTTP.send(
        HttpRequest.newBuilder(cluster.resolve("/" + prefix + "-*")).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    HTTP.send(
        HttpRequest.newBuilder(cluster.resolve("/_index_template/" + prefix + "-*"))
            .DELETE()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String range(String query, Instant start) {
    long end = System.currentTimeMillis() * 1_000_000L + 60_000_000_000L;
    return "/loki/api/v1/query_range?query="
        + URLEncoder.encode(query, StandardCharsets.UTF_8)
        + "&start="
        + start.toEpochMilli() * 1_000_000L
        + "&end="
        + end
        + "&direction=forward&limit=100";
  }

  /** Every line of a streams result, in time order. */
  private static List<String> lines(JsonNode result) {
    List<JsonNode> values = new ArrayList<>();
    for (JsonNode stream : result.path("data").path("result")) {
      stream.path("values").forEach(values::add);
    }
    values.sort(Comparator.comparing(value -> new BigInteger(value.path(0).asText())));
    return values.stream().map(value -> value.path(1).asText()).toList();
  }

  @Test
  void readySaysWhenOpenSearchIsUnreachable(@TempDir Path dir) throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    OpenSearchSettings nowhere =
        new OpenSearchSettings(
            List.of(URI.create("http://127.0.0.1:" + closedPort)),
            null,
            null,
            null,
            null,
            "",
            null,
            1,
            0);
    TracemateConfig config =
        new TracemateConfig(
            new TracemateConfig.ServerSettings("127.0.0.1", Duration.ofSeconds(5)),
            new TracemateConfig.ReceiverSettings(0, 0, 0, 1L << 20),
            new TracemateConfig.QuerySettings(0),
            new TracemateConfig.StorageSettings(
                dir.resolve("data"),
                null,
                null,
                null,
                null,
                TracemateConfig.StorageSettings.Backend.OPENSEARCH,
                nowhere),
            TracemateConfig.IngestSettings.DEFAULTS);
    try (RunningServer server = new RunningServer(TracemateServer.start(config))) {
      HttpResponse<String> ready = server.get("/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).isEqualTo("waiting: OpenSearch unreachable\n");
    }
  }

  /** A server on ephemeral ports whose spans and logs go to {@code cluster}, under indices named {@code prefix}-. */
  private static TracemateConfig onOpenSearch(
      Path dir, URI cluster, String prefix, TracemateConfig.IngestSettings ingest) {
    OpenSearchSettings opensearch =
        new OpenSearchSettings(List.of(cluster), null, null, null, null, prefix, null, 1, 0);
    return new TracemateConfig(
        new TracemateConfig.ServerSettings("127.0.0.1", Duration.ofSeconds(5)),
        new TracemateConfig.ReceiverSettings(0, 0, 0, 1L << 20),
        new TracemateConfig.QuerySettings(0),
        new TracemateConfig.StorageSettings(
            dir.resolve("data"),
            null,
            null,
            null,
            null,
            TracemateConfig.StorageSettings.Backend.OPENSEARCH,
            opensearch),
        ingest);
  }
}
