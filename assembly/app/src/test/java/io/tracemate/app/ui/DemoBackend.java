package io.tracemate.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.tracemate.demo.DemoOptions;
import io.tracemate.demo.DemoTrafficGenerator;
import io.tracemate.server.TracemateServer;
import io.tracemate.server.config.TracemateConfig;
import io.tracemate.ui.UiService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Tracemate server on free ports fed by the demo's traffic (a third of order requests hit the slow
 * audit_log query), and the base URL where a browser finds the UI: the server itself once it serves the UI,
 * otherwise a small front server with {@link UiService} that passes /api and /loki through to it.
 */
final class DemoBackend implements AutoCloseable {
  /** What order-service logs inside the slow traces' audit_log query. */
  static final String SLOW_QUERY_WARNING =
      "Query on audit_log without date range, potential full table scan.";

  /** The operation of that query's span. */
  static final String AUDIT_SELECT = "SELECT orders.audit_log";

  private static final Logger log = LoggerFactory.getLogger(DemoBackend.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final TracemateServer server;
  private final DemoTrafficGenerator traffic;
  private final Server front;
  final String uiBase;

  DemoBackend(Path dataDir) throws Exception {
    if (dataDir == null) {
      throw new IllegalArgumentException(
          "dataDir is required (a null one would put the data in ./data)");
    }
    // As `tracemate demo` runs it: the shop's latency SLOs as health thresholds.
    server =
        TracemateServer.start(
            io.tracemate.app.DemoConfig.withShopSlos(
                new TracemateConfig(
                    new TracemateConfig.ServerSettings("127.0.0.1", Duration.ofSeconds(5)),
                    new TracemateConfig.ReceiverSettings(0, 0, 0, 32L << 20),
                    new TracemateConfig.QuerySettings(0),
                    new TracemateConfig.StorageSettings(
                        dataDir, null, null, Duration.ofMillis(200), null),
                    TracemateConfig.IngestSettings.DEFAULTS)));
    String apiBase = "http://127.0.0.1:" + server.httpPort();
    traffic =
        new DemoTrafficGenerator(
            DemoOptions.defaults("http://127.0.0.1:" + server.otlpGrpcPort())
                .withTracesPerSecond(4)
                .withSlowQueryRate(0.3)
                .withSeed(7)
                .withLokiEndpoint(apiBase));
    traffic.start();
    if (get(apiBase + "/search").body().contains("<div id=\"app\">")) {
      log.info("The server serves the web UI itself at {}", apiBase);
      front = null;
      uiBase = apiBase;
    } else {
      log.info(
          "The server does not serve the web UI yet: testing it through a front server with UiService");
      // The server does not wire UiService yet: serve the UI next to it, as the server will.
      WebClient backend = WebClient.of(apiBase);
      ServerBuilder sb =
          Server.builder()
              .http(0)
              .serviceUnder("/api/", (ctx, req) -> backend.execute(req))
              .serviceUnder("/loki/", (ctx, req) -> backend.execute(req));
      front = UiService.addTo(sb).build();
      front.start().join();
      uiBase = "http://127.0.0.1:" + front.activeLocalPort();
    }
  }

  /**
   * Sends one trace of {@code 1 + children + children * grandchildren} spans over Zipkin's v2 API: a root, its
   * children, and theirs; every 500th span fails. Returns the trace ID and the span ID listed last in tree order.
   */
  String[] postWideTrace(int children, int grandchildren) throws IOException, InterruptedException {
    String traceId = "7a1e" + "0".repeat(24) + "0001";
    long start = System.currentTimeMillis() * 1000 - 60_000_000;
    ArrayNode spans = JSON.createArrayNode();
    int count = 0;
    String root = spanId(++count);
    spans.add(zipkinSpan(traceId, root, null, "frontend", "GET /wide", start, 30_000_000, false));
    String last = root;
    for (int c = 0; c < children; c++) {
      String child = spanId(++count);
      long childStart = start + c * 250_000L;
      spans.add(
          zipkinSpan(
              traceId, child, root, "fanout-service", "batch " + c, childStart, 240_000, false));
      last = child;
      for (int g = 0; g < grandchildren; g++) {
        String grandchild = spanId(++count);
        spans.add(
            zipkinSpan(
                traceId,
                grandchild,
                child,
                "store",
                "SELECT item " + g,
                childStart + g * 2_000L,
                1_500,
                count % 500 == 0));
        last = grandchild;
      }
    }
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.zipkinPort() + "/api/v2/spans"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(spans)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new AssertionError(
          "Zipkin receiver answered " + response.statusCode() + ": " + response.body());
    }
    return new String[] {traceId, last};
  }

  private static String spanId(int n) {
    return String.format("%016x", 0x5000_0000L + n);
  }

  private static ObjectNode zipkinSpan(
      String traceId,
      String id,
      String parent,
      String service,
      String name,
      long timestampMicros,
      long durationMicros,
      boolean error) {
    ObjectNode span =
        JSON.createObjectNode()
            .put("traceId", traceId)
            .put("id", id)
            .put("name", name)
            .put("timestamp", timestampMicros)
            .put("duration", durationMicros)
            .put("kind", "SERVER");
    if (parent != null) {
      span.put("parentId", parent);
    }
    span.putObject("localEndpoint").put("serviceName", service);
    ObjectNode tags = span.putObject("tags").put("db.statement", name);
    if (error) {
      tags.put("error", "timeout");
    }
    return span;
  }

  String apiBase() {
    return "http://127.0.0.1:" + server.httpPort();
  }

  /** Where an OpenTelemetry SDK sends spans of its own beside the demo's (OTLP/gRPC). */
  String otlpGrpcEndpoint() {
    return "http://127.0.0.1:" + server.otlpGrpcPort();
  }

  HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Polls an API path until its JSON satisfies the condition (bounded: 60 s). */
  JsonNode await(String pathAndQuery, Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = get(apiBase() + pathAndQuery);
      if (response.statusCode() == 200) {
        last = JSON.readTree(response.body());
        if (condition.test(last)) {
          return last;
        }
      }
      Thread.sleep(200);
    }
    String answer = String.valueOf(last);
    throw new AssertionError(
        "condition not met for "
            + pathAndQuery
            + " within 60 s; last answer: "
            + (answer.length() > 500 ? answer.substring(0, 500) + "…" : answer));
  }

  @Override
  public void close() {
    traffic.close();
    if (front != null) {
      front.stop().join();
    }
    server.close();
  }
}
