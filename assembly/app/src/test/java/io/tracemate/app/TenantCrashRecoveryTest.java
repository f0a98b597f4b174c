package io.tracemate.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenant of acknowledged spans survives SIGKILL: a server process takes traces for two tenants (odd numbers
 * for team-a, even for team-b, by X-Scope-OrgID) and is killed mid-stream, before its store is flushed; after the
 * restart, which replays the write-ahead log, every acknowledged trace is its tenant's and only its tenant's.
 */
class TenantCrashRecoveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static String tenantOf(long traceNumber) {
    return traceNumber % 2 == 1 ? "team-a" : "team-b";
  }

  private static int post(HttpClient client, int port, long traceNumber)
      throws IOException, InterruptedException {
    return client
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .header("X-Scope-OrgID", tenantOf(traceNumber))
                .timeout(Duration.ofSeconds(10))
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        CrashRecoveryTest.trace(traceNumber).toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static int spans(HttpClient client, int port, long traceNumber, String tenant)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/api/traces/"
                            + CrashRecoveryTest.traceIdHex(traceNumber)))
                .header("X-Scope-OrgID", tenant)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) {
      return 0;
    }
    JsonNode data = JSON.readTree(response.body()).path("data");
    return data.size() == 1 ? data.path(0).path("spans").size() : -data.size();
  }

  @Test
  void acknowledgedSpansKeepTheirTenantThroughAKillAndTheReplay() throws Exception {
    ServerProcess.Setup setup = ServerProcess.Setup.in(dir);
    int otlpPort = setup.otlpHttpPort();
    HttpClient client = HttpClient.newHttpClient();
    Set<Long> acknowledged = setup.killWhileSending(60, 400, n -> post(client, otlpPort, n) == 200);
    assertThat(acknowledged)
        .as("traces acknowledged before the kill")
        .hasSizeGreaterThanOrEqualTo(20);

    try (ServerProcess second = setup.start()) {
      Map<Long, String> wrong = new TreeMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      do {
        wrong.clear();
        for (long n : acknowledged) {
          String own = tenantOf(n);
          String other = n % 2 == 1 ? "team-b" : "team-a";
          int asOwner = spans(client, second.httpPort, n, own);
          int asOther = spans(client, second.httpPort, n, other);
          int asDefault = spans(client, second.httpPort, n, "fake");
          if (asOwner != CrashRecoveryTest.SPANS_PER_TRACE || asOther != 0 || asDefault != 0) {
            wrong.put(
                n, own + ": " + asOwner + ", " + other + ": " + asOther + ", fake: " + asDefault);
          }
        }
        if (!wrong.isEmpty()) {
          Thread.sleep(200);
        }
      } while (!wrong.isEmpty() && System.nanoTime() < deadline);
      assertThat(wrong).as("acknowledged traces missing or seen by another tenant").isEmpty();
    } finally {
      ServerProcess.printLog(setup.log());
    }
  }
}
