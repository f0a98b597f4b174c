package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import zipkin2.Endpoint;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.SpanBytesEncoder;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * The whole server through its public ports: real OpenTelemetry SDK exporters and zipkin-reporter send,
 * the Jaeger API must return the same spans, field by field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {
  @RegisterExtension static final RunningServer SERVER = RunningServer.perClass();

  /** Sends one parent/child pair with every attribute type, an event, a link and an error status. */
  private String sendRichTrace(SpanExporter exporter, String service) {
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.builder()
                                .put("service.name", service)
                                .put("k8s.namespace.name", "shop")
                                .put("host.name", "node-1")
                                .build())))
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    try {
      Tracer tracer = provider.get("io.tracemate.e2e", "1.2.3");
      Instant base = Instant.now().minusSeconds(1);
      Span parent =
          tracer
              .spanBuilder("GET /api/orders/{id}")
              .setSpanKind(SpanKind.SERVER)
              .setStartTimestamp(base)
              .startSpan();
      SpanContext linked =
          SpanContext.create(
              "0af7651916cd43dd8448eb211c80319c",
              "b7ad6b7169203331",
              io.opentelemetry.api.trace.TraceFlags.getSampled(),
              io.opentelemetry.api.trace.TraceState.getDefault());
      Span child =
          tracer
              .spanBuilder("SELECT orders")
              .setSpanKind(SpanKind.CLIENT)
              .setParent(Context.current().with(parent))
              .addLink(linked, Attributes.of(AttributeKey.stringKey("link.reason"), "retry-of"))
              .setStartTimestamp(base.plusMillis(50))
              .startSpan();
      child.setAttribute("db.system", "mysql");
      child.setAttribute("db.rows", 42L);
      child.setAttribute("db.cost", 0.75);
      child.setAttribute("db.cached", true);
      child.setAttribute(AttributeKey.stringArrayKey("db.tables"), List.of("orders", "audit_log"));
      child.setAttribute(AttributeKey.longArrayKey("db.shards"), List.of(1L, 2L));
      child.addEvent("slow query", Attributes.of(AttributeKey.longKey("elapsed.ms"), 4500L));
      child.setStatus(StatusCode.ERROR, "deadline exceeded");
      child.end(base.plusMillis(200));
      parent.setAttribute("http.response.status_code", 500L);
      parent.end(base.plusMillis(250));
      return parent.getSpanContext().getTraceId();
    } finally {
      provider.forceFlush().join(10, TimeUnit.SECONDS);
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  /** {@link #sendRichTrace} over OTLP/gRPC, returning its trace ID once both spans are found. */
  private String sendStoredRichTrace(String service) throws Exception {
    String traceId =
        sendRichTrace(
            OtlpGrpcSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + SERVER.server().otlpGrpcPort())
                .build(),
            service);
    awaitTrace(traceId, 2);
    return traceId;
  }

  private JsonNode awaitTrace(String traceId, int spans) throws Exception {
    JsonNode body =
        SERVER.await(
            "/api/traces/" + traceId,
            json -> json.path("data").path(0).path("spans").size() == spans);
    return body.path("data").path(0);
  }

  private static Map<String, JsonNode> tags(JsonNode span) {
    Map<String, JsonNode> tags = new HashMap<>();
    for (JsonNode tag : span.path("tags")) {
      tags.put(tag.path("key").asText(), tag);
    }
    return tags;
  }

  private static JsonNode spanNamed(JsonNode trace, String name) {
    for (JsonNode span : trace.path("spans")) {
      if (span.path("operationName").asText().equals(name)) {
        return span;
      }
    }
    throw new AssertionError("no span " + name + " in " + trace);
  }

  private void assertRichTrace(JsonNode trace, String traceId, String service) {
    assertThat(trace.path("traceID").asText()).isEqualTo(traceId);
    JsonNode parent = spanNamed(trace, "GET /api/orders/{id}");
    JsonNode child = spanNamed(trace, "SELECT orders");
    assertThat(parent.path("references")).isEmpty();
    assertThat(child.path("references").path(0).path("refType").asText()).isEqualTo("CHILD_OF");
    assertThat(child.path("references").path(0).path("spanID").asText())
        .isEqualTo(parent.path("spanID").asText());
    assertThat(child.path("references").path(1).path("refType").asText()).isEqualTo("FOLLOWS_FROM");
    assertThat(child.path("references").path(1).path("traceID").asText())
        .isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(child.path("duration").asLong()).isEqualTo(150_000L);
    assertThat(parent.path("duration").asLong()).isEqualTo(250_000L);
    assertThat(child.path("startTime").asLong())
        .isEqualTo(parent.path("startTime").asLong() + 50_000);
    assertThat(child.path("flags").asInt() & 0x01).as("W3C sampled flag").isEqualTo(1);

    Map<String, JsonNode> tags = tags(child);
    assertThat(tags.get("otel.scope.name").path("value").asText()).isEqualTo("io.tracemate.e2e");
    assertThat(tags.get("otel.scope.version").path("value").asText()).isEqualTo("1.2.3");
    assertThat(tags.get("db.system").path("type").asText()).isEqualTo("string");
    assertThat(tags.get("db.rows").path("type").asText()).isEqualTo("int64");
    assertThat(tags.get("db.rows").path("value").asLong()).isEqualTo(42);
    assertThat(tags.get("db.cost").path("type").asText()).isEqualTo("float64");
    assertThat(tags.get("db.cost").path("value").asDouble()).isEqualTo(0.75);
    assertThat(tags.get("db.cached").path("type").asText()).isEqualTo("bool");
    assertThat(tags.get("db.tables").path("value").asText())
        .isEqualTo("[\"orders\",\"audit_log\"]");
    assertThat(tags.get("db.shards").path("value").asText()).isEqualTo("[1,2]");
    assertThat(tags.get("span.kind").path("value").asText()).isEqualTo("client");
    assertThat(tags.get("otel.status_code").path("value").asText()).isEqualTo("ERROR");
    assertThat(tags.get("error").path("value").asBoolean()).isTrue();
    assertThat(tags.get("otel.status_description").path("value").asText())
        .isEqualTo("deadline exceeded");

    JsonNode log = child.path("logs").path(0);
    Map<String, JsonNode> fields = new HashMap<>();
    log.path("fields").forEach(f -> fields.put(f.path("key").asText(), f));
    assertThat(fields.get("event").path("value").asText()).isEqualTo("slow query");
    assertThat(fields.get("elapsed.ms").path("value").asLong()).isEqualTo(4500);

    JsonNode process = trace.path("processes").path(child.path("processID").asText());
    assertThat(process.path("serviceName").asText()).isEqualTo(service);
    Map<String, JsonNode> processTags = new HashMap<>();
    process.path("tags").forEach(t -> processTags.put(t.path("key").asText(), t));
    assertThat(processTags)
        .containsKeys("k8s.namespace.name", "host.name", "telemetry.sdk.language")
        .doesNotContainKey("service.name");
    assertThat(tags(parent).get("http.response.status_code").path("value").asLong()).isEqualTo(500);
  }

  @Test
  void theWebUiAddressLeadsAndPointsAtThisServer() throws Exception {
    assertThat(SERVER.server().webUiUrl())
        .isEqualTo("http://127.0.0.1:" + SERVER.server().httpPort() + "/");
    // Unknown API paths are 404s in the API family's error shape, never the app; page paths belong
    // to the UI (the
    // app, or 503 in a build without it).
    var unknownJaeger = SERVER.get("/api/no-such-endpoint");
    assertThat(unknownJaeger.statusCode()).isEqualTo(404);
    assertThat(unknownJaeger.body()).contains("\"errors\":[{\"code\":404");
    var unknownLoki = SERVER.get("/loki/api/v1/no-such-endpoint");
    assertThat(unknownLoki.statusCode()).isEqualTo(404);
    assertThat(unknownLoki.body()).startsWith("404 page not found");
    assertThat(SERVER.get("/logs/").statusCode()).isIn(200, 503);
  }

  @Test
  void otlpGrpcWithGzipRoundTripsThroughTheJaegerApi() throws Exception {
    String traceId =
        sendRichTrace(
            OtlpGrpcSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + SERVER.server().otlpGrpcPort())
                .setCompression("gzip")
                .build(),
            "grpc-service");
    assertRichTrace(awaitTrace(traceId, 2), traceId, "grpc-service");
  }

  @Test
  void otlpHttpProtobufRoundTripsThroughTheJaegerApi() throws Exception {
    String traceId =
        sendRichTrace(
            OtlpHttpSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + SERVER.server().otlpHttpPort() + "/v1/traces")
                .build(),
            "http-proto-service");
    assertRichTrace(awaitTrace(traceId, 2), traceId, "http-proto-service");
  }

  @Test
  void otlpHttpJsonRoundTripsThroughTheJaegerApi() throws Exception {
    String traceId =
        sendRichTrace(
            new SdkJsonSpanExporter(
                "http://127.0.0.1:" + SERVER.server().otlpHttpPort() + "/v1/traces"),
            "http-json-service");
    assertRichTrace(awaitTrace(traceId, 2), traceId, "http-json-service");
  }

  @Test
  void zipkinJsonAndProto3FromZipkinReporterRoundTrip() throws Exception {
    String endpoint = "http://127.0.0.1:" + SERVER.server().zipkinPort() + "/api/v2/spans";
    long nowMicros = System.currentTimeMillis() * 1000;
    for (Encoding encoding : List.of(Encoding.JSON, Encoding.PROTO3)) {
      String traceId =
          encoding == Encoding.JSON ? "463ac35c9f6413ad48485a3953bb6124" : "a1b2c3d4e5f60718";
      URLConnectionSender sender =
          URLConnectionSender.newBuilder()
              .endpoint(endpoint)
              .encoding(encoding)
              .compressionEnabled(true)
              .build();
      try (AsyncReporter<zipkin2.Span> reporter =
          AsyncReporter.builder(sender)
              .build(
                  encoding == Encoding.JSON ? SpanBytesEncoder.JSON_V2 : SpanBytesEncoder.PROTO3)) {
        reporter.report(
            zipkin2.Span.newBuilder()
                .traceId(traceId)
                .id("48485a3953bb6124")
                .name("get /checkout")
                .kind(zipkin2.Span.Kind.SERVER)
                .localEndpoint(
                    Endpoint.newBuilder().serviceName("zipkin-frontend").ip("10.0.0.1").build())
                .timestamp(nowMicros)
                .duration(1500)
                .putTag("http.path", "/checkout")
                .build());
        reporter.report(
            zipkin2.Span.newBuilder()
                .traceId(traceId)
                .parentId("48485a3953bb6124")
                .id("0000000000000abc")
                .name("charge")
                .kind(zipkin2.Span.Kind.CLIENT)
                .localEndpoint(Endpoint.newBuilder().serviceName("zipkin-frontend").build())
                .remoteEndpoint(Endpoint.newBuilder().serviceName("payment").build())
                .timestamp(nowMicros + 100)
                .duration(900)
                .addAnnotation(nowMicros + 200, "retry")
                .putTag("error", "card declined")
                .build());
        reporter.flush();
      }
      sender.close();
      JsonNode trace = awaitTrace(traceId, 2);
      assertThat(trace.path("traceID").asText()).isEqualTo(traceId);
      JsonNode server = spanNamed(trace, "get /checkout");
      assertThat(server.path("startTime").asLong()).isEqualTo(nowMicros);
      assertThat(server.path("duration").asLong()).isEqualTo(1500);
      assertThat(tags(server).get("span.kind").path("value").asText()).isEqualTo("server");
      assertThat(tags(server).get("http.path").path("value").asText()).isEqualTo("/checkout");
      JsonNode client = spanNamed(trace, "charge");
      assertThat(client.path("references").path(0).path("spanID").asText())
          .isEqualTo("48485a3953bb6124");
      assertThat(tags(client).get("error").path("value").asBoolean()).isTrue();
      assertThat(tags(client).get("peer.service").path("value").asText()).isEqualTo("payment");
      assertThat(client.path("logs").path(0).path("timestamp").asLong()).isEqualTo(nowMicros + 200);
      assertThat(
              trace
                  .path("processes")
                  .path(client.path("processID").asText())
                  .path("serviceName")
                  .asText())
          .isEqualTo("zipkin-frontend");
    }
  }

  @Test
  void searchServicesOperationsAndReadiness() throws Exception {
    String traceId = sendStoredRichTrace("search-service");
    assertThat(SERVER.get("/ready").statusCode()).isEqualTo(200);
    JsonNode services = SERVER.getJson("/api/services");
    assertThat(services.path("data").toString()).contains("\"search-service\"");
    JsonNode operations = SERVER.getJson("/api/operations?service=search-service&spanKind=client");
    assertThat(operations.path("data").toString())
        .contains("SELECT orders")
        .doesNotContain("GET /api/orders");
    JsonNode found =
        SERVER.getJson(
            "/api/traces?service=search-service&tags="
                + java.net.URLEncoder.encode(
                    "{\"db.system\":\"mysql\",\"error\":\"true\"}", "UTF-8")
                + "&limit=5");
    assertThat(found.path("data")).hasSize(1);
    assertThat(found.path("data").path(0).path("traceID").asText()).isEqualTo(traceId);
    assertThat(found.path("data").path(0).path("spans")).hasSize(2);
    JsonNode none =
        SERVER.getJson(
            "/api/traces?service=search-service&tags="
                + java.net.URLEncoder.encode("{\"db.system\":\"postgres\"}", "UTF-8"));
    assertThat(none.path("data")).isEmpty();
    assertThat(SERVER.get("/api/traces/ffffffffffffffffffffffffffffffff").statusCode())
        .isEqualTo(404);
    assertThat(SERVER.get("/api/traces?service=x&minDuration=bogus").statusCode()).isEqualTo(400);
  }

  @Test
  void traceAnalysisNamesTheCriticalPathSelfTimesAndServices() throws Exception {
    String traceId = sendStoredRichTrace("analysis-service");
    JsonNode analysis = SERVER.getJson("/api/analysis/traces/" + traceId).path("data");
    assertThat(analysis.path("overview").path("spanCount").asInt()).isEqualTo(2);
    assertThat(analysis.path("overview").path("errorCount").asInt()).isEqualTo(1);
    assertThat(analysis.path("overview").path("duration").asLong()).isEqualTo(250_000);
    // parent 0..250 ms, child 50..200 ms: the parent's own time is 100 ms, the child's 150 ms.
    JsonNode parent = analysis.path("spans").path(0);
    JsonNode child = analysis.path("spans").path(1);
    assertThat(parent.path("operationName").asText()).isEqualTo("GET /api/orders/{id}");
    assertThat(parent.path("selfTime").asLong()).isEqualTo(100_000);
    assertThat(child.path("selfTime").asLong()).isEqualTo(150_000);
    assertThat(child.path("parent").asInt()).isZero();
    JsonNode path = analysis.path("criticalPath");
    assertThat(path).hasSize(3);
    assertThat(path.path(1).path("spanID").asText()).isEqualTo(child.path("spanID").asText());
    assertThat(analysis.path("services").path(0).path("service").asText())
        .isEqualTo("analysis-service");
    assertThat(analysis.path("services").path(0).path("calls").asInt()).isEqualTo(2);
    assertThat(SERVER.get("/api/analysis/traces/0123456789abcdef0123456789abcdef").statusCode())
        .isEqualTo(404);
    assertThat(SERVER.get("/api/analysis/traces/not-hex").statusCode()).isEqualTo(400);
  }

  @Test
  void metricsExposeReceiverWalAndStoreFigures() throws Exception {
    String traceId = sendStoredRichTrace("metrics-service");
    String metrics = SERVER.get("/metrics").body();
    assertThat(metrics)
        .contains(
            "tracemate_receiver_spans_accepted_total",
            "tracemate_wal_fsync_duration_seconds",
            "tracemate_queue_size{signal=\"traces\"}",
            "tracemate_storage_bytes",
            "tracemate_http_request_duration_seconds",
            "process_cpu_seconds_total",
            "tracemate_receiver_inflight_request_bytes ",
            "tracemate_receiver_inflight_request_limit_bytes ",
            "tracemate_receiver_inflight_request_refusals_total ");
  }
}
