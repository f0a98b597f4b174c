package io.tracemate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}) on 127.0.0.1 with a free port, its own storage
 * directory, clustering off and the given configuration; stopped (and waited for) on close. Tests ask
 * {@link #unavailable()} first and skip with its reason when the binary is missing, except in CI
 * ({@code CI=true}), where it must be there.
 */
public final class AlertmanagerProcess implements AutoCloseable {
  public static final Path BINARY =
      Path.of(System.getProperty("tracemate.alertmanager", "/usr/bin/prometheus-alertmanager"));

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * Why no Alertmanager can run here, or empty when one can.
   *
   * @throws IllegalStateException in CI ({@code CI=true}), where the binary must be installed
   */
  public static Optional<String> unavailable() {
    if (Files.isExecutable(BINARY)) {
      return Optional.empty();
    }
    String reason =
        BINARY
            + " is missing: install Debian's prometheus-alertmanager"
            + " (apt-get install -y prometheus-alertmanager; CI's .ci/run does)";
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(reason);
    }
    return Optional.of(reason);
  }

  /** Starts it with {@code config} (its YAML) in {@code directory} and waits until it is ready (30 s at most). */
  public AlertmanagerProcess(Path directory, String config) throws IOException {
    Path configFile = Files.writeString(directory.resolve("alertmanager.yml"), config);
    Path storage = Files.createDirectories(directory.resolve("am-data"));
    this.log = directory.resolve("alertmanager.log");
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      this.port = socket.getLocalPort();
    }
    this.process =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + configFile,
                "--storage.path=" + storage,
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!ready()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Alertmanager exited: " + logText());
      }
      if (System.nanoTime() > deadline) {
        close();
        throw new IllegalStateException("Alertmanager not ready on " + url() + ": " + logText());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private boolean ready() {
    try {
      return get("/-/ready").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Its base URL, {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** {@code 127.0.0.1:<port>}, as Prometheus' static configs name it. */
  public String target() {
    return "127.0.0.1:" + port;
  }

  /** The body of {@code GET /api/v2/alerts}: the alerts it holds as active, as JSON. */
  public String alertsJson() {
    try {
      return get("/api/v2/alerts").body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What it logged so far. */
  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
