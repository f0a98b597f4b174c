package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.tracemate.server.config.OpenSearchSettings;
import io.tracemate.server.config.TracemateConfig;
import io.tracemate.testing.opensearch.OpenSearchExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server with {@code storage.backend: opensearch} against a real node: spans sent by the OpenTelemetry SDK over
 * OTLP/gRPC come back through the Jaeger API (search, trace by ID, services, operations), and they sit in Jaeger's
 * daily index under Jaeger's field names.
 */
class OpenSearchEndToEndTest {
  @RegisterExtension static final OpenSearchExtension OPENSEARCH = new OpenSearchExtension();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void otelSdkSpansInJaegerApiOutStoredInJaegersIndex(@TempDir Path dir) throws Exception {
    URI cluster = OPENSEARCH.httpUri();
    String prefix = "e2e-" + Long.toHexString(System.nanoTime());
    OpenSearchSettings opensearch =
        new OpenSearchSettings(List.of(cluster), null, null, null, null, prefix, null, 1, 0);
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
                opensearch),
            TracemateConfig.IngestSettings.DEFAULTS);
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
}
