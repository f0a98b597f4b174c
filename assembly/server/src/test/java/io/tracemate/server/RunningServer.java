package io.tracemate.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracemate.server.config.TracemateConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/** A real server on free ports in a temporary folder, plus a small HTTP client for its query API. */
final class RunningServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  final TracemateServer server;

  RunningServer(Path dataDir) {
    this(dataDir, TracemateConfig.IngestSettings.DEFAULTS);
  }

  /** Wraps a server started elsewhere (e.g. from a YAML config); closing it closes that server. */
  RunningServer(TracemateServer server) {
    this.server = server;
  }

  RunningServer(Path dataDir, TracemateConfig.IngestSettings ingest) {
    this(TracemateServer.start(new TracemateConfig(
        new TracemateConfig.ServerSettings("127.0.0.1", Duration.ofSeconds(5)),
        new TracemateConfig.ReceiverSettings(0, 0, 0, 1L << 20),
        new TracemateConfig.QuerySettings(0),
        new TracemateConfig.StorageSettings(dataDir, null, null, Duration.ofMillis(100), null),
        ingest)));
  }

  String httpBase() {
    return "http://127.0.0.1:" + server.httpPort();
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(httpBase() + pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode getJson(String pathAndQuery) throws IOException, InterruptedException {
    return JSON.readTree(get(pathAndQuery).body());
  }

  /** Polls a query until its JSON satisfies the condition; spans become searchable within the refresh interval. */
  JsonNode await(String pathAndQuery, Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = get(pathAndQuery);
      if (response.statusCode() == 200) {
        last = JSON.readTree(response.body());
        if (condition.test(last)) {
          return last;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("condition not met for " + pathAndQuery + "; last answer: " + last);
  }

  @Override
  public void close() {
    server.close();
  }
}
