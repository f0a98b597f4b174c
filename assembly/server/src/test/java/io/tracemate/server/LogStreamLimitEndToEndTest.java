package io.tracemate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client pushing thousands of distinct Loki streams (an ID in a label) into a server whose tenants may have
 * 50 active streams: past the limit, Loki's 429 and message; streams already active keep being stored; what was
 * accepted is queryable, what was refused is not.
 */
class LogStreamLimitEndToEndTest {
  private static final int LIMIT = 50;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  private RunningServer start() throws Exception {
    return new RunningServer(
        TracemateServer.start(
            RunningServer.yamlConfig(
                dir,
                """
        logs:
          limits: {max_global_streams_per_user: %d}
        """
                    .formatted(LIMIT))));
  }

  /** A Loki JSON push of one line for each of the given request IDs, each its own stream. */
  private static String push(List<Integer> requestIds, long nanos) {
    ObjectNode body = RunningServer.JSON.createObjectNode();
    ArrayNode streams = body.putArray("streams");
    for (int id : requestIds) {
      ObjectNode stream = streams.addObject();
      stream.putObject("stream").put("app", "leaky").put("request_id", "r" + id);
      stream
          .putArray("values")
          .addArray()
          .add(Long.toString(nanos + id))
          .add("handled request r" + id);
    }
    return body.toString();
  }

  private static HttpResponse<String> post(RunningServer running, String tenant, String body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(running.httpBase() + "/loki/api/v1/push"))
            .header("Content-Type", "application/json")
            .header("X-Scope-OrgID", tenant)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> ids = new ArrayList<>();
    for (int i = from; i < to; i++) {
      ids.add(i);
    }
    return ids;
  }

  @Test
  void newStreamsPastTheLimitGetLokis429WhileActiveStreamsAreStillStored() throws Exception {
    long t0 = System.currentTimeMillis() * 1_000_000L;
    try (RunningServer running = start()) {
      // 2,000 distinct streams, 100 per push: the first push fills the limit, every later one is
      // refused whole.
      List<HttpResponse<String>> answers = new ArrayList<>();
      for (int from = 0; from < 2000; from += 100) {
        answers.add(post(running, "acme", push(range(from, from + 100), t0)));
      }
      assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(429));
      assertThat(answers.get(0).body())
          .startsWith(
              "maximum active stream limit exceeded when trying to create"
                  + " stream {app=\"leaky\", request_id=\"r50\"}, reduce the number of active streams (reduce labels or"
                  + " reduce label values), or contact your Loki administrator to see if the limit can be increased,"
                  + " user: 'acme'");
      assertThat(answers.get(0).headers().firstValue("Retry-After")).isEmpty();

      // Streams already active are accepted, alone or next to refused new ones (whose entries only
      // are refused).
      assertThat(post(running, "acme", push(range(0, LIMIT), t0 + 5000)).statusCode())
          .isEqualTo(204);
      HttpResponse<String> mixed = post(running, "acme", push(List.of(7, 4242), t0 + 10_000));
      assertThat(mixed.statusCode()).isEqualTo(429);
      assertThat(mixed.body()).contains("request_id=\"r4242\"").doesNotContain("r7\"");
      // Other tenants have limits of their own.
      assertThat(post(running, "globex", push(range(0, 10), t0)).statusCode()).isEqualTo(204);
      // OTLP has no 429 for part of a request: the new stream's record is refused in
      // partialSuccess.
      String otlp =
          """
          {"resourceLogs": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "new"}}]},
            "scopeLogs": [{"logRecords": [{"timeUnixNano": "%d", "body": {"stringValue": "over the limit"}}]}]}]}
          """
              .formatted(t0 + 20_000);
      HttpResponse<String> otlpAnswer =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + running.server().otlpHttpPort() + "/v1/logs"))
                  .header("Content-Type", "application/json")
                  .header("X-Scope-OrgID", "acme")
                  .POST(HttpRequest.BodyPublishers.ofString(otlp))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(otlpAnswer.statusCode()).isEqualTo(200);
      JsonNode partial = RunningServer.JSON.readTree(otlpAnswer.body()).path("partialSuccess");
      assertThat(partial.path("rejectedLogRecords").asText()).isEqualTo("1");
      assertThat(partial.path("errorMessage").asText())
          .startsWith(
              "maximum active stream limit exceeded when"
                  + " trying to create stream {service_name=\"new\"}");

      String query =
          "/loki/api/v1/query_range?limit=1000&start="
              + (t0 - 1)
              + "&end="
              + (t0 + 60_000_000_000L)
              + "&query="
              + URLEncoder.encode("{app=\"leaky\"}", UTF_8);
      HttpResponse<String> stored =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(running.httpBase() + query))
                  .header("X-Scope-OrgID", "acme")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(stored.statusCode()).isEqualTo(200);
      JsonNode result = RunningServer.JSON.readTree(stored.body()).path("data").path("result");
      List<String> requestIds = result.findValuesAsText("request_id");
      assertThat(requestIds)
          .hasSize(LIMIT)
          .containsAll(range(0, LIMIT).stream().map(id -> "r" + id).toList());
      int lines = 0;
      for (JsonNode stream : result) {
        lines += stream.path("values").size();
      }
      assertThat(lines).as("50 first lines, 50 repeats and r7 once more").isEqualTo(2 * LIMIT + 1);

      List<String> refusedLines =
          running
              .get("/metrics")
              .body()
              .lines()
              .filter(
                  line ->
                      line.startsWith("tracemate_log_receiver_lines_refused_total{")
                          && line.contains("reason=\"stream_limit\"")
                          && line.contains("receiver=\"loki\""))
              .toList();
      assertThat(refusedLines).hasSize(1);
      assertThat(
              Double.parseDouble(
                  refusedLines.get(0).substring(refusedLines.get(0).lastIndexOf(' ') + 1)))
          .isEqualTo(2000 - LIMIT + 1);
    }
  }
}
