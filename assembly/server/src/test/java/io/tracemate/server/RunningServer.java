package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import io.tracemate.codec.otlp.OtlpJson;
import io.tracemate.server.config.ConfigLoader;
import io.tracemate.server.config.TracemateConfig;
import io.tracemate.testing.TemporaryFolder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server on free ports in a temporary folder, plus a small HTTP client for its query API.
 *
 * <p>Either started at once (the test closes it), or shared by every test of a class as a JUnit extension, like
 * Armeria's {@code ServerExtension}: {@code @RegisterExtension static final RunningServer SERVER =
 * RunningServer.perClass();} starts it with the default test settings over a fresh temporary folder before the
 * class's first test (and before its own {@code @BeforeAll} methods, so they can feed it), and closes it and
 * deletes the folder after the last one.
 */
final class RunningServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private TracemateServer server;

  /** The data folder this object made for itself as an extension; null otherwise. */
  private TemporaryFolder ownFolder;

  private RunningServer() {}

  /** Not started yet: a JUnit extension to register in a static field. */
  static RunningServer perClass() {
    return new RunningServer();
  }

  RunningServer(Path dataDir) {
    this(start(dataDir, TracemateConfig.IngestSettings.DEFAULTS));
  }

  /** Wraps a server started elsewhere (e.g. from a YAML config); closing it closes that server. */
  RunningServer(TracemateServer server) {
    this.server = server;
  }

  RunningServer(Path dataDir, TracemateConfig.IngestSettings ingest) {
    this(start(dataDir, ingest));
  }

  private static TracemateServer start(Path dataDir, TracemateConfig.IngestSettings ingest) {
    return TracemateServer.start(
        new TracemateConfig(
            new TracemateConfig.ServerSettings("127.0.0.1", Duration.ofSeconds(5)),
            new TracemateConfig.ReceiverSettings(0, 0, 0, 1L << 20),
            new TracemateConfig.QuerySettings(0),
            new TracemateConfig.StorageSettings(dataDir, null, null, Duration.ofMillis(100), null),
            ingest));
  }

  /**
   * The test settings as a config file in {@code dir} (loopback, ports 0, data in {@code dir/data}, a 100 ms
   * refresh; four lines) followed by {@code moreYaml}, loaded as the server loads its config file.
   */
  static TracemateConfig yamlConfig(Path dir, String moreYaml) throws IOException {
    Path file = dir.resolve("tracemate.yaml");
    Files.writeString(
        file,
        """
        server: {bind: 127.0.0.1, shutdown-grace: 5s}
        receivers: {otlp-grpc-port: 0, otlp-http-port: 0, zipkin-port: 0}
        query: {http-port: 0}
        storage: {data-dir: %s, refresh-interval: 100ms}
        """
                .formatted(dir.resolve("data"))
            + moreYaml);
    return new ConfigLoader().load(file);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    ownFolder = TemporaryFolder.create("tracemate-server-test");
    server = start(ownFolder.path().resolve("data"), TracemateConfig.IngestSettings.DEFAULTS);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      close();
    } finally {
      if (ownFolder != null) {
        ownFolder.close();
      }
    }
  }

  TracemateServer server() {
    if (server == null) {
      throw new IllegalStateException(
          "not started: register RunningServer.perClass() with @RegisterExtension");
    }
    return server;
  }

  String httpBase() {
    return "http://127.0.0.1:" + server().httpPort();
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(httpBase() + pathAndQuery)).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException closedMeanwhile) {
      // A pooled connection the server closed while idle ("EOF reached while reading"): a GET is
      // safe to send once more, on a new connection.
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }

  /** POSTs a body to one of the server's ports (the query port for Loki push, a receiver's port otherwise). */
  HttpResponse<String> post(int port, String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends an OTLP export request over {@code transport} ({@code grpc}, {@code http-protobuf} or {@code
   * http-json}) and returns the server's answer; over HTTP the status must be 200 (success or partial success).
   */
  @SuppressWarnings("unchecked") // the builder of an A's default instance builds an A
  <Q extends Message, A extends Message> A exportOtlp(
      String transport, OtlpSignal<Q, A> signal, Q request)
      throws IOException, InterruptedException {
    if (transport.equals("grpc")) {
      return signal.overGrpc().apply("http://127.0.0.1:" + server().otlpGrpcPort(), request);
    }
    boolean json = transport.equals("http-json");
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server().otlpHttpPort() + signal.httpPath()))
                .header("Content-Type", json ? "application/json" : "application/x-protobuf")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        json
                            ? OtlpJson.print(request).getBytes(StandardCharsets.UTF_8)
                            : request.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as(transport).isEqualTo(200);
    Message.Builder answer = signal.answerType().newBuilderForType();
    if (json) {
      OtlpJson.merge(response.body(), answer);
    } else {
      answer.mergeFrom(response.body());
    }
    return (A) answer.build();
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
    if (server != null) {
      server.close();
    }
  }
}
