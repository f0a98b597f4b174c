package io.tracemate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.tracemate.server.config.TracemateConfig;
import io.tracemate.testing.TemporaryFolder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Read what you just wrote: with the span store's refresh interval at its default (1 s), every query finds what
 * was just acknowledged the moment the acknowledgement arrives, with no polling: traces sent with the OpenTelemetry
 * SDK's OTLP/gRPC exporter by ID (Jaeger v1 and api_v3, the trace view's analysis), by search (Jaeger v1, api_v3's
 * search and trace summaries), among the services and operations; log lines pushed to Loki by query_range and by
 * trace ID. Timing is not asserted here (the bench measures it): each query runs once, right after the ack.
 */
class FreshReadsEndToEndTest {
  private static final int TRACES = 200;
  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

  private static TemporaryFolder folder;
  private static RunningServer server;

  @BeforeAll
  static void start() {
    folder = TemporaryFolder.create("tracemate-fresh-reads");
    server =
        new RunningServer(
            TracemateServer.start(
                new TracemateConfig(
                    new TracemateConfig.ServerSettings("127.0.0.1", Duration.ofSeconds(5)),
                    new TracemateConfig.ReceiverSettings(0, 0, 0, 1L << 20),
                    new TracemateConfig.QuerySettings(0),
                    // The refresh interval left at its default: the store alone would show a span
                    // only
                    // up to a second after its acknowledgement.
                    new TracemateConfig.StorageSettings(
                        folder.path().resolve("data"), null, null, null, null),
                    TracemateConfig.IngestSettings.DEFAULTS)));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (folder != null) {
      folder.close();
    }
  }

  /** Keeps what the SDK finished, for the real OTLP exporter to send as one export whose ack we wait for. */
  private static final class Finished implements SpanExporter {
    final List<SpanData> spans = new ArrayList<>();

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    synchronized List<SpanData> take() {
      List<SpanData> taken = List.copyOf(spans);
      spans.clear();
      return taken;
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  @Test
  void everySpanQueryFindsATraceTheMomentItsExportIsAcknowledged() throws Exception {
    Finished finished = new Finished();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(RealClients.resource("fresh-orders"))
            .addSpanProcessor(SimpleSpanProcessor.create(finished))
            .build();
    OtlpGrpcSpanExporter exporter =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + server.server().otlpGrpcPort())
            .build();
    Tracer tracer = provider.get("io.example.orders");
    Instant from = Instant.now().minusSeconds(60);
    try {
      for (int i = 0; i < TRACES; i++) {
        String order = "o-" + i;
        Span root =
            tracer
                .spanBuilder("POST /orders")
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("order.id", order)
                .startSpan();
        try (Scope ignored = root.makeCurrent()) {
          tracer.spanBuilder("charge card " + i % 3).setSpanKind(SpanKind.CLIENT).startSpan().end();
        }
        root.end();
        String traceId = root.getSpanContext().getTraceId();

        CompletableResultCode ack = exporter.export(finished.take()).join(10, TimeUnit.SECONDS);
        assertThat(ack.isSuccess()).as("export %d acknowledged", i).isTrue();

        // At once, each query once: no retry, no sleep.
        JsonNode v1 = server.getJson("/api/traces/" + traceId);
        assertThat(v1.path("data").path(0).path("spans").size())
            .as("trace %d by ID (Jaeger v1) right after the ack", i)
            .isEqualTo(2);
        assertThat(spansIn(server.getJson("/api/v3/traces/" + traceId)))
            .as("trace %d by ID (api_v3)", i)
            .isEqualTo(2);
        Instant to = Instant.now().plusSeconds(60);
        JsonNode found =
            server.getJson(
                "/api/traces?service=fresh-orders&limit=20&tags="
                    + encode("{\"order.id\":\"" + order + "\"}")
                    + "&start="
                    + from.toEpochMilli() * 1000
                    + "&end="
                    + to.toEpochMilli() * 1000);
        assertThat(traceIds(found.path("data"), "traceID"))
            .as("trace %d by search (Jaeger v1, the web UI's search)", i)
            .containsExactly(traceId);
        assertThat(found.path("data").path(0).path("spans").size()).isEqualTo(2);
        if (i % 10 == 0) {
          String v3Search =
              "query.serviceName=fresh-orders&query.attributes="
                  + encode("{\"order.id\":\"" + order + "\"}")
                  + "&query.startTimeMin="
                  + encode(ISO.format(from))
                  + "&query.startTimeMax="
                  + encode(ISO.format(to));
          assertThat(spansIn(server.getJson("/api/v3/traces?" + v3Search)))
              .as("trace %d by search (api_v3)", i)
              .isEqualTo(2);
          JsonNode summaries = server.getJson("/api/v3/trace-summaries?" + v3Search);
          assertThat(traceIds(summaries.path("summaries"), "traceId"))
              .as("trace %d's summary (the Jaeger UI's search)", i)
              .containsExactly(traceId);
          assertThat(summaries.path("summaries").path(0).path("rootOperationName").asText())
              .isEqualTo("POST /orders");
          HttpResponse<String> analysis = server.get("/api/analysis/traces/" + traceId);
          assertThat(analysis.statusCode()).as("trace %d's analysis", i).isEqualTo(200);
          assertThat(
                  RunningServer.JSON
                      .readTree(analysis.body())
                      .path("data")
                      .path("overview")
                      .path("spanCount")
                      .asInt())
              .isEqualTo(2);
        }
        if (i == 0) {
          assertThat(server.get("/api/services").body()).contains("\"fresh-orders\"");
          assertThat(server.get("/api/services/fresh-orders/operations").body())
              .contains("POST /orders", "charge card 0");
        }
      }
    } finally {
      exporter.shutdown().join(10, TimeUnit.SECONDS);
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
    assertThat(server.get("/metrics").body()).contains("tracemate_span_head_spans");
  }

  @Test
  void lokiQueriesAndLogsOfATraceFindALineTheMomentItsPushIsAcknowledged() throws Exception {
    long from = (System.currentTimeMillis() - 60_000) * 1_000_000L;
    for (int i = 0; i < TRACES; i++) {
      String traceId = "%032x".formatted(0xF00DL * 1_000_000 + i);
      String line = "order o-" + i + " paid trace_id=" + traceId;
      long nanos = System.currentTimeMillis() * 1_000_000L + i;
      String body =
          "{\"streams\":[{\"stream\":{\"service_name\":\"fresh-logs\"},\"values\":[[\""
              + nanos
              + "\",\""
              + line
              + "\",{\"trace_id\":\""
              + traceId
              + "\"}]]}]}";
      HttpResponse<String> pushed =
          server.post(
              server.server().httpPort(),
              "/loki/api/v1/push",
              "application/json",
              body.getBytes(UTF_8));
      assertThat(pushed.statusCode()).as("push %d: %s", i, pushed.body()).isEqualTo(204);

      long to = System.currentTimeMillis() * 1_000_000L + 60_000_000_000L;
      JsonNode range =
          server.getJson(
              "/loki/api/v1/query_range?query="
                  + encode("{service_name=\"fresh-logs\"} |= \"order o-" + i + " \"")
                  + "&start="
                  + from
                  + "&end="
                  + to
                  + "&limit=10");
      List<String> lines = new ArrayList<>();
      for (JsonNode stream : range.path("data").path("result")) {
        stream.path("values").forEach(value -> lines.add(value.path(1).asText()));
      }
      assertThat(lines).as("line %d by query_range right after the ack", i).containsExactly(line);

      JsonNode byTrace = server.getJson("/api/logs/trace/" + traceId);
      assertThat(byTrace.path("entries").findValuesAsText("line"))
          .as("line %d by its trace right after the ack", i)
          .containsExactly(line);
    }
  }

  /** The trace IDs of a list of traces or summaries (not of their spans, which name their trace too). */
  private static List<String> traceIds(JsonNode list, String field) {
    List<String> ids = new ArrayList<>();
    list.forEach(trace -> ids.add(trace.path(field).asText()));
    return ids;
  }

  /** Spans of an api_v3 answer: OTLP JSON under {@code result}. */
  private static int spansIn(JsonNode v3) {
    int spans = 0;
    for (JsonNode resourceSpans : v3.path("result").path("resourceSpans")) {
      for (JsonNode scopeSpans : resourceSpans.path("scopeSpans")) {
        spans += scopeSpans.path("spans").size();
      }
    }
    return spans;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, UTF_8);
  }
}
