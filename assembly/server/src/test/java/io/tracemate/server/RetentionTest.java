package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.tracemate.server.config.TracemateConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's retention task drops traces older than storage.retention and keeps newer ones. */
class RetentionTest {
  @TempDir Path dataDir;

  private static ExportTraceServiceRequest trace(long id, Instant start) {
    long startNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("retention-test"))))
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .addSpans(
                            Span.newBuilder()
                                .setTraceId(
                                    ByteString.copyFrom(
                                        ByteBuffer.allocate(16).putLong(id).putLong(id).array()))
                                .setSpanId(
                                    ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array()))
                                .setName("op")
                                .setStartTimeUnixNano(startNanos)
                                .setEndTimeUnixNano(startNanos + 1_000_000))))
        .build();
  }

  private TracemateServer start(Duration retention) {
    return TracemateServer.start(
        new TracemateConfig(
            new TracemateConfig.ServerSettings("127.0.0.1", Duration.ofSeconds(5)),
            new TracemateConfig.ReceiverSettings(0, 0, 0, 1L << 20),
            new TracemateConfig.QuerySettings(0),
            new TracemateConfig.StorageSettings(
                dataDir,
                retention,
                Duration.ofHours(1),
                Duration.ofMillis(100),
                Duration.ofMillis(200)),
            null));
  }

  @Test
  void tracesOlderThanRetentionDisappearWholeAndNewerOnesStay() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    String old = String.format("%016x%016x", 11L, 11L);
    String recent = String.format("%016x%016x", 12L, 12L);
    TracemateServer generous = start(Duration.ofDays(7));
    try {
      for (ExportTraceServiceRequest request :
          new ExportTraceServiceRequest[] {
            trace(11, Instant.now().minus(Duration.ofHours(5))), trace(12, Instant.now())
          }) {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + generous.otlpHttpPort() + "/v1/traces"))
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
      }
      assertThat(awaitStatus(client, generous, "/api/traces/" + old, 200)).isEqualTo(200);
      assertThat(awaitStatus(client, generous, "/api/traces/" + recent, 200)).isEqualTo(200);
    } finally {
      generous.close();
    }

    TracemateServer strict = start(Duration.ofHours(2));
    try {
      assertThat(awaitStatus(client, strict, "/api/traces/" + old, 404))
          .as("older than retention")
          .isEqualTo(404);
      assertThat(awaitStatus(client, strict, "/api/traces/" + recent, 200))
          .as("inside retention")
          .isEqualTo(200);
    } finally {
      strict.close();
    }
  }

  private static int awaitStatus(HttpClient client, TracemateServer server, String path, int wanted)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    int status;
    do {
      status =
          client
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
      if (status == wanted) {
        return status;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return status;
  }
}
