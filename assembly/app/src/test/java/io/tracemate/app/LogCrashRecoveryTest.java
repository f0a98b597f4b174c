package io.tracemate.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
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

  @TempDir Path dir;

  private static String push(long n) {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < LINES_PER_PUSH; i++) {
      long ts = BASE_NANOS + n * 1_000_000L + i;
      values
          .append(i == 0 ? "" : ",")
          .append("[\"")
          .append(ts)
          .append("\",\"push-")
          .append(n)
          .append(" line-")
          .append(i)
          .append(" level=info msg=\\\"order accepted\\\"\"]");
    }
    return "{\"streams\":[{\"stream\":{\"app\":\"crash-test\",\"level\":\"info\"},\"values\":["
        + values
        + "]}]}";
  }

  private static int post(HttpClient client, int port, long n)
      throws IOException, InterruptedException {
    return ServerProcess.post(
        client,
        port,
        "/loki/api/v1/push",
        "application/json",
        HttpRequest.BodyPublishers.ofString(push(n)));
  }

  @Test
  void sigkillDuringLokiPushLosesNoAcknowledgedLineAndDuplicatesNone() throws Exception {
    ServerProcess.Setup setup = ServerProcess.Setup.in(dir);
    HttpClient client = HttpClient.newHttpClient();
    Set<Long> acknowledged =
        setup.killWhileSending(150, MAX_PUSHES, n -> post(client, setup.httpPort(), n) == 204);
    assertThat(acknowledged)
        .as("pushes acknowledged before the kill")
        .hasSizeGreaterThanOrEqualTo(50);

    try (ServerProcess second = setup.start()) {
      String query = URLEncoder.encode("{app=\"crash-test\"}", StandardCharsets.UTF_8);
      long start = BASE_NANOS - 1_000_000_000L;
      long end = BASE_NANOS + (MAX_PUSHES + 1) * 1_000_000L + 1_000_000_000L;
      JsonNode result =
          JSON.readTree(
              second
                  .get(
                      "/loki/api/v1/query_range?query="
                          + query
                          + "&start="
                          + start
                          + "&end="
                          + end
                          + "&limit=5000&direction=forward")
                  .body());
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
          assertThat(lineCounts)
              .as("acknowledged line '%s' (of %d pushes)", line, acknowledged.size())
              .containsKey(line);
        }
      }
      assertThat(second.terminate(Duration.ofSeconds(30))).as("exit code after SIGTERM").isZero();
    } finally {
      ServerProcess.printLog(setup.log());
    }
  }
}
