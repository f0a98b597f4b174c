package io.tracemate.alerting.notify.alertmanager;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.tracemate.alerting.notify.Eventually;
import io.tracemate.alerting.notify.NotifyJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}) on 127.0.0.1 with a free port, its own storage
 * directory, clustering off and the given configuration; stopped (and waited for) on close. When the binary is
 * missing the test is skipped with the reason, except in CI ({@code CI=true}), where it must run.
 */
final class AlertmanagerProcess implements AutoCloseable {
  static final Path BINARY =
      Path.of(System.getProperty("tracemate.alertmanager", "/usr/bin/prometheus-alertmanager"));

  private final Process process;
  private final int port;
  private final WebClient client;
  private final Path log;

  AlertmanagerProcess(Path directory, String config) throws IOException {
    if (!Files.isExecutable(BINARY)) {
      String reason =
          BINARY
              + " is missing: install Debian's prometheus-alertmanager"
              + " (apt-get install -y prometheus-alertmanager; CI's .ci/run does)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(reason);
      }
      assumeTrue(false, reason);
    }
    Path configFile = Files.writeString(directory.resolve("alertmanager.yml"), config);
    Path storage = Files.createDirectories(directory.resolve("am-data"));
    this.log = directory.resolve("alertmanager.log");
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
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
    this.client = WebClient.of(url());
    Eventually.await(
        "Alertmanager ready on " + url(),
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError("Alertmanager exited: " + logText());
          }
          try {
            return client.get("/-/ready").aggregate().join().status().code() == 200;
          } catch (RuntimeException e) {
            return false;
          }
        });
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  String target() {
    return "127.0.0.1:" + port;
  }

  /** {@code GET /api/v2/alerts}: the alerts Alertmanager holds as active. */
  JsonNode alerts() {
    AggregatedHttpResponse response = client.get("/api/v2/alerts").aggregate().join();
    try {
      return NotifyJson.MAPPER.readTree(response.contentUtf8());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
