package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.tracemate.server.config.TracemateConfig;
import io.tracemate.testing.otlp.OtlpRequests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    return OtlpRequests.span("retention-test", id, startNanos, startNanos + 1_000_000);
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
    String old = OtlpRequests.traceIdHex(11);
    String recent = OtlpRequests.traceIdHex(12);
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
