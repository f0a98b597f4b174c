package io.tracemate.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server process is killed with SIGKILL while Loki clients push; after a restart every line it
 * acknowledged (204) must come back through the Loki query API exactly once.
 */
class LogCrashRecoveryTest {
  private static final int LINES_PER_PUSH = 10;
  private static final int MAX_PUSHES = 400;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long BASE_NANOS = System.currentTimeMillis() * 1_000_000L - 60_000_000_000L;

  @TempDir
  Path dir;

  private static String push(long n) {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < LINES_PER_PUSH; i++) {
      long ts = BASE_NANOS + n * 1_000_000L + i;
      values.append(i == 0 ? "" : ",").append("[\"").append(ts).append("\",\"push-").append(n).append(" line-")
          .append(i).append(" level=info msg=\\\"order accepted\\\"\"]");
    }
    return "{\"streams\":[{\"stream\":{\"app\":\"crash-test\",\"level\":\"info\"},\"values\":[" + values + "]}]}";
  }

  private static int post(HttpClient client, int port, long n) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/loki/api/v1/push"))
            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(push(n))).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void sigkillDuringLokiPushLosesNoAcknowledgedLineAndDuplicatesNone() throws Exception {
    Path data = dir.resolve("data");
    Path log = dir.resolve("server.log");
    int otlpPort = ServerProcess.freePort();
    int httpPort = ServerProcess.freePort();
    Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicLong nextPush = new AtomicLong();
    AtomicBoolean sending = new AtomicBoolean(true);

    try (ServerProcess first = new ServerProcess(data, log, otlpPort, httpPort)) {
      first.awaitReady(Duration.ofSeconds(60));
      HttpClient client = HttpClient.newHttpClient();
      ExecutorService senders = Executors.newFixedThreadPool(4);
      long stopAt = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      for (int t = 0; t < 4; t++) {
        senders.submit(() -> {
          while (sending.get() && System.nanoTime() < stopAt) {
            long n = nextPush.incrementAndGet();
            if (n > MAX_PUSHES) {
              return null;
            }
            try {
              if (post(client, httpPort, n) == 204) {
                acknowledged.add(n);
              }
            } catch (IOException | InterruptedException connectionLostAtTheKill) {
              return null;
            }
          }
          return null;
        });
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (acknowledged.size() < 150 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      first.kill(); // mid-stream: pushes are in flight right now
      sending.set(false);
      senders.shutdown();
      assertThat(senders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acknowledged).as("pushes acknowledged before the kill").hasSizeGreaterThanOrEqualTo(50);

    try (ServerProcess second = new ServerProcess(data, log, otlpPort, httpPort)) {
      second.awaitReady(Duration.ofSeconds(60));
      String query = URLEncoder.encode("{app=\"crash-test\"}", StandardCharsets.UTF_8);
      long start = BASE_NANOS - 1_000_000_000L;
      long end = BASE_NANOS + (MAX_PUSHES + 1) * 1_000_000L + 1_000_000_000L;
      JsonNode result = JSON.readTree(second.get("/loki/api/v1/query_range?query=" + query + "&start=" + start
          + "&end=" + end + "&limit=5000&direction=forward").body());
      Map<String, Integer> lineCounts = new HashMap<>();
      for (JsonNode stream : result.path("data").path("result")) {
        for (JsonNode value : stream.path("values")) {
          lineCounts.merge(value.path(1).asText(), 1, Integer::sum);
        }
      }
      assertThat(lineCounts.values()).as("no line stored twice").allMatch(count -> count == 1);
      for (long n : acknowledged) {
        for (int i = 0; i < LINES_PER_PUSH; i++) {
          String line = "push-" + n + " line-" + i + " level=info msg=\"order accepted\"";
          assertThat(lineCounts).as("acknowledged line '%s' (of %d pushes)", line, acknowledged.size())
              .containsKey(line);
        }
      }
      assertThat(second.terminate(Duration.ofSeconds(30))).as("exit code after SIGTERM").isZero();
    } finally {
      if (Files.exists(log)) {
        System.out.println(Files.readString(log));
      }
    }
  }
}
