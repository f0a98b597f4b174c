package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tracemate.server.config.ConfigLoader;
import io.tracemate.testing.TemporaryFolder;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention per tenant on a real server: spans (OpenTelemetry SDK over OTLP gRPC) and log lines (Loki push) of two
 * tenants, five hours old and new; the runtime overrides file then gives one tenant a retention of two hours
 * ({@code block_retention}, {@code retention_period}) and the other two days, and the next retention runs remove
 * the first tenant's old data only, as Jaeger and Loki reads as each tenant show; shortening the second tenant's
 * retention in the file, without a restart, removes its old data too.
 */
class TenantRetentionEndToEndTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHORT = "team-short";
  private static final String LONG = "team-long";

  private TemporaryFolder folder;
  private TracemateServer server;
  private Path overrides;

  @BeforeEach
  void start() throws Exception {
    folder = TemporaryFolder.create("tracemate-tenant-retention");
    overrides = folder.path().resolve("overrides.yaml");
    Files.writeString(overrides, "overrides: {}\n");
    Path config = folder.path().resolve("tracemate.yaml");
    Files.writeString(
        config,
        """
        server: {bind: 127.0.0.1, shutdown-grace: 5s}
        receivers: {otlp-grpc-port: 0, otlp-http-port: 0, zipkin-port: 0}
        query: {http-port: 0}
        storage: {data-dir: "%s", retention: 1d, partition: 1h, refresh-interval: 100ms,
                  retention-check-interval: 200ms}
        logs: {retention: 1d}
        runtime-config: {file: "%s", period: 100ms}
        """
            .formatted(
                folder.path().resolve("data").toString().replace("\\", "/"),
                overrides.toString().replace("\\", "/")));
    server = TracemateServer.start(new ConfigLoader().load(config));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (folder != null) {
      folder.close();
    }
  }

  @Test
  void eachTenantLosesWhatItsOwnRetentionNoLongerKeepsAndAChangedFileAppliesWithoutRestart()
      throws Exception {
    Instant now = Instant.now();
    Instant old = now.minus(Duration.ofHours(5));
    String shortOld = span(SHORT, "short-old", old);
    String shortNew = span(SHORT, "short-new", now);
    String longOld = span(LONG, "long-old", old);
    String longNew = span(LONG, "long-new", now);
    push(SHORT, old, "short old line");
    push(SHORT, now, "short new line");
    push(LONG, old, "long old line");
    push(LONG, now, "long new line");
    for (String[] trace :
        new String[][] {{SHORT, shortOld}, {SHORT, shortNew}, {LONG, longOld}, {LONG, longNew}}) {
      await(() -> traceStatus(trace[0], trace[1]) == 200, "trace " + trace[1] + " of " + trace[0]);
    }
    await(() -> lines(SHORT).size() == 2 && lines(LONG).size() == 2, "every line readable");

    replaceOverrides(
        """
        overrides:
          team-short: {block_retention: 2h, retention_period: 2h}
          team-long: {block_retention: 2d, retention_period: 2d}
        """);

    await(() -> traceStatus(SHORT, shortOld) == 404, "the short-lived tenant's old trace goes");
    await(() -> lines(SHORT).equals(List.of("short new line")), "its old line goes");
    assertThat(traceStatus(SHORT, shortNew)).isEqualTo(200);
    assertThat(traceStatus(LONG, longOld))
        .as("another tenant's trace of the same hour")
        .isEqualTo(200);
    assertThat(lines(LONG)).containsExactlyInAnyOrder("long old line", "long new line");
    assertThat(get("/runtime_config?mode=diff", null).body())
        .contains("retention_period: 2h")
        .contains("block_retention: 2d");

    replaceOverrides(
        """
        overrides:
          team-short: {block_retention: 2h, retention_period: 2h}
          team-long: {block_retention: 3h, retention_period: 3h}
        """);

    await(() -> traceStatus(LONG, longOld) == 404, "a shortened retention applies at the next run");
    await(() -> lines(LONG).equals(List.of("long new line")), "to log lines too");
    assertThat(traceStatus(LONG, longNew)).isEqualTo(200);
    assertThat(traceStatus(SHORT, shortNew)).isEqualTo(200);
    assertThat(lines(SHORT)).containsExactly("short new line");
  }

  /** One span of {@code tenant} that started at {@code start}, sent by the OpenTelemetry SDK; its trace ID. */
  private String span(String tenant, String name, Instant start) {
    OtlpGrpcSpanExporter exporter =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + server.otlpGrpcPort())
            .addHeader("X-Scope-OrgID", tenant)
            .build();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(RealClients.resource(tenant + "-service"))
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    try {
      Span span =
          provider
              .get("retention")
              .spanBuilder(name)
              .setStartTimestamp(start.toEpochMilli(), TimeUnit.MILLISECONDS)
              .startSpan();
      span.end(start.toEpochMilli() + 5, TimeUnit.MILLISECONDS);
      assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      return span.getSpanContext().getTraceId();
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  /** One line of {@code tenant} at {@code time}, pushed as Loki's JSON push API takes it. */
  private void push(String tenant, Instant time, String line) throws Exception {
    long nanos = time.getEpochSecond() * 1_000_000_000L + time.getNano();
    String body =
        """
        {"streams": [{"stream": {"app": "retention"}, "values": [["%d", "%s"]]}]}
        """
            .formatted(nanos, line);
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/loki/api/v1/push"))
                .header("Content-Type", "application/json")
                .header("X-Scope-OrgID", tenant)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
  }

  private int traceStatus(String tenant, String traceId) {
    return get("/api/traces/" + traceId, tenant).statusCode();
  }

  /** The tenant's lines of the last 20 hours, sorted, as Loki's query_range answers them. */
  private List<String> lines(String tenant) {
    Instant now = Instant.now();
    String query =
        "/loki/api/v1/query_range?query="
            + URLEncoder.encode("{app=\"retention\"}", StandardCharsets.UTF_8)
            + "&start="
            + now.minus(Duration.ofHours(20)).getEpochSecond()
            + "&end="
            + (now.getEpochSecond() + 60)
            + "&limit=100";
    HttpResponse<String> response = get(query, tenant);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> lines = new ArrayList<>();
    try {
      for (JsonNode stream : JSON.readTree(response.body()).path("data").path("result")) {
        for (JsonNode value : stream.path("values")) {
          lines.add(value.get(1).asText());
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    lines.sort(null);
    return lines;
  }

  private HttpResponse<String> get(String path, String tenant) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path));
    if (tenant != null) {
      request.header("X-Scope-OrgID", tenant);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Replaces the file whole, as a ConfigMap update does. */
  private void replaceOverrides(String yaml) throws Exception {
    Path next = overrides.resolveSibling("overrides.yaml.next");
    Files.writeString(next, yaml);
    Files.move(
        next, overrides, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 30 s for: %s", what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
