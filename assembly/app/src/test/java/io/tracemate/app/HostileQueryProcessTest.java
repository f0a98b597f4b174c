package io.tracemate.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: 26 doubling {@code line_format} stages made a 1 KB query grow each line 2^26-fold and the server process
 * (which exits on OutOfMemoryError, as the launcher runs it) died. Against a real server process with a small heap:
 * the query gets a 400 naming the limit, and the process stays up and keeps answering.
 */
class HostileQueryProcessTest {
  @TempDir Path dir;

  @Test
  void doublingLineFormatStagesLeaveTheProcessRunning() throws Exception {
    try (ServerProcess server =
        new ServerProcess(
            dir.resolve("data"),
            dir.resolve("server.log"),
            ServerProcess.freePort(),
            ServerProcess.freePort())) {
      server.awaitReady(Duration.ofSeconds(60));
      HttpClient client = HttpClient.newHttpClient();
      long now = System.currentTimeMillis() * 1_000_000L;
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        values
            .append(i == 0 ? "" : ",")
            .append("[\"")
            .append(now - i * 1_000_000L)
            .append("\",\"line ")
            .append(i)
            .append(" of a log that is long enough to matter once doubled 26 times\"]");
      }
      HttpResponse<String> pushed =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.httpPort + "/loki/api/v1/push"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"streams\":[{\"stream\":{\"app\":\"x\"},\"values\":["
                              + values
                              + "]}]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(204);

      String query =
          "{app=\"x\"}"
              + String.join(
                  "", Collections.nCopies(26, " | line_format \"{{__line__}}{{__line__}}\""));
      String form =
          "query="
              + URLEncoder.encode(query, UTF_8)
              + "&start="
              + (now - 3_600_000_000_000L)
              + "&end="
              + (now + 60_000_000_000L)
              + "&limit=100";
      HttpResponse<String> response = null;
      for (int attempt = 0;
          attempt < 100;
          attempt++) { // the lines become visible within the flush interval
        response =
            client.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + server.httpPort + "/loki/api/v1/query_range"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
      assertThat(response.body()).contains("(max_formatted_line_size)");
      assertThat(server.get("/ready").statusCode()).isEqualTo(200);
      assertThat(server.get("/loki/api/v1/labels").statusCode()).isEqualTo(200);
    }
  }
}
