package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.tracemate.testing.TemporaryFolder;
import io.tracemate.testing.otlp.OtlpRequests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-tenant span ingest rate from the runtime overrides file, on a real server: a tenant over its
 * {@code ingestion_rate_spans} gets OTLP's 429 with {@code Retry-After} (HTTP) and RESOURCE_EXHAUSTED (gRPC, the
 * OTel SDK exporter), another tenant and a tenant without overrides are not limited, and a raised rate takes effect
 * while the server runs.
 */
class RuntimeOverridesSpanRateEndToEndTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TemporaryFolder folder;
  private TracemateServer server;
  private Path overrides;

  @BeforeEach
  void start() throws Exception {
    folder = TemporaryFolder.create("tracemate-span-rate");
    overrides = folder.path().resolve("overrides.yaml");
    Files.writeString(
        overrides,
        """
        overrides:
          team-a: {ingestion_rate_spans: 1, ingestion_burst_spans: 2}
          team-b: {ingestion_rate_spans: 1000}
        """);
    server =
        TracemateServer.start(
            RunningServer.yamlConfig(
                folder.path(),
                """
                runtime-config: {file: "%s", period: 100ms}
                """
                    .formatted(overrides.toString().replace("\\", "/"))));
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
  void aTenantOverItsSpanRateGets429WithRetryAfterAndOthersDoNot() throws Exception {
    HttpResponse<String> refused = postSpans("team-a", 5);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.body())
        .contains("Ingestion rate limit exceeded for user team-a (limit: 1 spans/sec, burst 2)");
    assertThat(postSpans("team-b", 5).statusCode()).isEqualTo(200);
    assertThat(postSpans("team-c", 5).statusCode()).as("no overrides: no limit").isEqualTo(200);
    assertThat(postSpans(null, 5).statusCode()).as("no tenant: fake, no limit").isEqualTo(200);

    assertThat(exportGrpc("team-a", 5)).as("RESOURCE_EXHAUSTED for the SDK exporter").isFalse();
    assertThat(exportGrpc("team-b", 5)).isTrue();
  }

  @Test
  void aRaisedRateTakesEffectWhileTheServerRuns() throws Exception {
    assertThat(postSpans("team-a", 5).statusCode()).isEqualTo(429);
    Path next = overrides.resolveSibling("overrides.yaml.next");
    Files.writeString(
        next,
        """
        overrides:
          team-a: {ingestion_rate_spans: 100, ingestion_burst_spans: 100}
        """);
    Files.move(
        next, overrides, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    awaitTrue(() -> postStatus("team-a", 5) == 200, "the raised rate is in force");
  }

  private HttpResponse<String> postSpans(String tenant, int count) throws Exception {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    long now = System.currentTimeMillis() * 1_000_000L;
    for (int i = 1; i <= count; i++) {
      scope.addSpans(
          Span.newBuilder()
              .setTraceId(OtlpRequests.traceId(77, i))
              .setSpanId(OtlpRequests.spanId(i))
              .setName("op")
              .setStartTimeUnixNano(now - 1_000_000)
              .setEndTimeUnixNano(now));
    }
    ExportTraceServiceRequest request = OtlpRequests.spans("span-rate", scope);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces"))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray()));
    if (tenant != null) {
      builder.header("X-Scope-OrgID", tenant);
    }
    return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  private int postStatus(String tenant, int count) {
    try {
      return postSpans(tenant, count).statusCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Exports {@code count} spans in one batch with the OTel SDK's gRPC exporter; whether it succeeded. */
  private boolean exportGrpc(String tenant, int count) {
    SpanExporter exporter =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + server.otlpGrpcPort())
            .addHeader("X-Scope-OrgID", tenant)
            .build();
    return SdkSpanExports.accepted("span-rate", count, exporter);
  }

  /** Polls for at most 20 s (the file is checked every 100 ms). */
  private static void awaitTrue(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
