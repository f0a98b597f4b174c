package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.server.config.ConfigLoader;
import io.tracemate.testing.TemporaryFolder;
import io.tracemate.testing.fuzz.FuzzTarget;
import io.tracemate.testing.fuzz.Mutant;
import io.tracemate.testing.fuzz.Mutants;
import io.tracemate.testing.fuzz.SeedCorpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input against a real server over HTTP: fuzzed bodies posted to every receiver (OTLP/HTTP traces and
 * logs in protobuf and JSON, Zipkin JSON and proto3, Loki push JSON and snappy protobuf; plain and gzipped), and
 * fuzzed paths and parameters sent to the query port (Jaeger v1 and api_v3, Loki, Prometheus, SPM, topology,
 * alerts). Every answer is a success or a 4xx with a message saying what is wrong, never a 5xx; the server
 * answers {@code /ready} after each property. The request-size and object-count limits are lowered so that the
 * mutators reach them.
 */
class HttpFuzzEndToEndTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

  private static TemporaryFolder folder;
  private static RunningServer running;

  /** Where a body goes: port, path, content type, and the corpus of valid bodies it is made from. */
  record Receiver(
      String name, ToIntFunction<TracemateServer> port, String path, String type, String corpus) {
    @Override
    public String toString() {
      return name;
    }
  }

  record Body(Receiver receiver, boolean gzip, Mutant mutant) {}

  private static final List<Receiver> RECEIVERS =
      List.of(
          new Receiver(
              "otlp-traces-protobuf",
              TracemateServer::otlpHttpPort,
              "/v1/traces",
              "application/x-protobuf",
              "otlp-traces-protobuf"),
          new Receiver(
              "otlp-traces-json",
              TracemateServer::otlpHttpPort,
              "/v1/traces",
              "application/json",
              "otlp-traces-json"),
          new Receiver(
              "otlp-logs-protobuf",
              TracemateServer::otlpHttpPort,
              "/v1/logs",
              "application/x-protobuf",
              "otlp-logs-protobuf"),
          new Receiver(
              "otlp-logs-json",
              TracemateServer::otlpHttpPort,
              "/v1/logs",
              "application/json",
              "otlp-logs-json"),
          new Receiver(
              "zipkin-json",
              TracemateServer::zipkinPort,
              "/api/v2/spans",
              "application/json",
              "zipkin-json"),
          new Receiver(
              "zipkin-proto3",
              TracemateServer::zipkinPort,
              "/api/v2/spans",
              "application/x-protobuf",
              "zipkin-proto3"),
          new Receiver(
              "loki-push-json",
              TracemateServer::httpPort,
              "/loki/api/v1/push",
              "application/json",
              "loki-push-json"),
          new Receiver(
              "loki-push-snappy",
              TracemateServer::httpPort,
              "/loki/api/v1/push",
              "application/x-protobuf",
              "loki-push-snappy"));

  @BeforeContainer
  static void start() throws IOException {
    folder = TemporaryFolder.create("tracemate-http-fuzz");
    Path file = folder.path().resolve("tracemate.yaml");
    Files.writeString(
        file,
        """
        server: {bind: 127.0.0.1, shutdown-grace: 5s}
        receivers: {otlp-grpc-port: 0, otlp-http-port: 0, zipkin-port: 0, max-request-bytes: 1MiB,
                    max-request-objects: 20000}
        query: {http-port: 0, promql: {timeout: 10s}}
        storage: {data-dir: %s, refresh-interval: 100ms}
        logs: {query: {timeout: 10s}}
        """
            .formatted(folder.path().resolve("data")));
    running = new RunningServer(TracemateServer.start(new ConfigLoader().load(file)));
  }

  @AfterContainer
  static void stop() {
    try {
      if (running != null) {
        running.close();
      }
    } finally {
      if (folder != null) {
        folder.close();
      }
    }
  }

  @AfterProperty
  void theServerIsStillReady() throws Exception {
    HttpResponse<String> ready = running.get("/ready");
    assertThat(ready.statusCode()).as("/ready after fuzzing: %s", ready.body()).isEqualTo(200);
  }

  @Provide
  Arbitrary<Body> bodies() {
    List<Arbitrary<Body>> perReceiver =
        RECEIVERS.stream()
            .map(
                receiver ->
                    Combinators.combine(
                            Arbitraries.of(false, true),
                            Mutants.of(SeedCorpus.load(receiver.corpus())))
                        .as((gzip, mutant) -> new Body(receiver, gzip, mutant)))
            .toList();
    return Arbitraries.oneOf(perReceiver);
  }

  @Provide
  Arbitrary<Mutant> queries() {
    return Mutants.of(
        SeedCorpus.load("http-queries"),
        List.of(
            "&",
            "=",
            "?",
            "%",
            "%00",
            "%ff",
            "%c0%80",
            "%7B",
            "%7D",
            "%5B5m%5D",
            "%22",
            "%2C",
            "/",
            "&start=",
            "&end=",
            "&step=",
            "&limit=",
            "&time=",
            "&query=",
            "&match%5B%5D=",
            "&direction=",
            "&lookback=",
            "&tags=",
            "&minDuration=",
            "&timeout=",
            "-1",
            "0",
            "1e309",
            "9223372036854775807",
            "-9223372036854775808",
            "NaN",
            "Inf",
            "99999999999d",
            "0s",
            "1ms",
            "2262-04-11T23:47:16.854775808Z",
            "0001-01-01T00:00:00Z",
            "backward",
            "forward"));
  }

  @FuzzTarget(maxCpuMillisPerTry = 5_000)
  void everyReceiverAnswersABadBodyWithA4xxAndAMessage(@ForAll("bodies") Body body)
      throws Exception {
    Receiver receiver = body.receiver();
    byte[] bytes = body.gzip() ? gzip(body.mutant().bytes()) : body.mutant().bytes();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + receiver.port().applyAsInt(running.server())
                        + receiver.path()))
            .timeout(ANSWER_WITHIN)
            .header("Content-Type", receiver.type())
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (body.gzip()) {
      request.header("Content-Encoding", "gzip");
    }
    assertAnswered(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
  }

  @FuzzTarget(maxCpuMillisPerTry = 5_000)
  void everyQueryEndpointAnswersBadParametersWithA4xxAndAMessage(@ForAll("queries") Mutant query)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(running.httpBase() + legalUri(query.bytes())))
            .timeout(ANSWER_WITHIN)
            .GET()
            .build();
    assertAnswered(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  private static void assertAnswered(HttpResponse<String> answer) {
    int status = answer.statusCode();
    assertThat(status)
        .as("%s answered %d: %s", answer.request().uri(), status, answer.body())
        .isLessThan(500);
    if (status >= 400) {
      assertThat(answer.body())
          .as("%s answered %d without saying why", answer.request().uri(), status)
          .isNotBlank();
    }
  }

  /**
   * A mutated path and query as a URI the client sends as it is: every byte outside the URI's characters is
   * percent-encoded, a {@code %} that starts no escape too; escapes already there (of control characters, of
   * invalid UTF-8) stay.
   */
  static String legalUri(byte[] fuzzed) {
    // At most ~4 KiB once encoded: longer request lines and header blocks are refused by the HTTP
    // layer itself
    // (HTTP/1.1 414, HTTP/2 a reset stream), before any parser of ours; long queries are
    // form-POSTed.
    byte[] mutated = java.util.Arrays.copyOf(fuzzed, Math.min(fuzzed.length, MAX_URI_BYTES));
    StringBuilder uri = new StringBuilder();
    if (mutated.length == 0 || mutated[0] != '/') {
      uri.append('/');
    }
    for (int i = 0; i < mutated.length; i++) {
      int b = mutated[i] & 0xff;
      boolean escape =
          b == '%' && i + 2 < mutated.length && isHex(mutated[i + 1]) && isHex(mutated[i + 2]);
      if (escape
          || (b < 0x80 && "-._~/?&=+,;:@!$'()*".indexOf(b) >= 0)
          || (b >= '0' && b <= '9')
          || (b >= 'a' && b <= 'z')
          || (b >= 'A' && b <= 'Z')) {
        uri.append((char) b);
      } else {
        uri.append('%').append(String.format("%02X", b));
      }
    }
    // Paths outside the API families are the web UI's pages (a 503 in a build without the UI).
    boolean api = API_PREFIXES.stream().anyMatch(prefix -> uri.indexOf(prefix) == 0);
    return api ? uri.toString() : "/api" + uri;
  }

  private static final int MAX_URI_BYTES = 1300;

  private static final List<String> API_PREFIXES = List.of("/api/", "/loki/", "/prometheus/");

  private static boolean isHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
