package io.tracemate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.testing.TemporaryFolder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code tracemate demo} in a child JVM, as a person starts it: the first thing its banner names is the web UI, at
 * the address the server really serves it on, and the server's ready line leads with it too.
 */
class DemoBannerTest {

  @Test
  void theBannerAndTheReadyLineLeadWithTheWebUi() throws Exception {
    try (TemporaryFolder dir = TemporaryFolder.create("tracemate-demo-banner")) {
      Path output = dir.path().resolve("demo.out");
      int httpPort = ServerProcess.freePort();
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx512m",
              "-cp",
              System.getProperty("java.class.path"),
              Tracemate.class.getName(),
              "demo",
              "--data-dir",
              dir.path().resolve("data").toString(),
              "--http-port",
              Integer.toString(httpPort),
              "--otlp-grpc-port",
              Integer.toString(ServerProcess.freePort()),
              "--otlp-http-port",
              Integer.toString(ServerProcess.freePort()),
              "--zipkin-port",
              Integer.toString(ServerProcess.freePort()),
              "--rate",
              "1",
              "--no-logs");
      Process demo =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      try {
        List<String> lines = awaitBanner(demo, output);
        String webUi = "Web UI: http://127.0.0.1:" + httpPort + "/";

        int running = indexOfLineStartingWith(lines, "Tracemate demo is running");
        assertThat(running).as("the banner in:%n%s", String.join("\n", lines)).isPositive();
        assertThat(lines.get(running - 1)).as("the banner's first line").isEqualTo(webUi);
        assertThat(lines.get(running - 2)).as("a blank line sets the banner apart").isBlank();
        String ready =
            lines.stream()
                .filter(l -> l.contains("Tracemate ready ("))
                .findFirst()
                .orElseThrow(
                    () -> new AssertionError("no ready line in:\n" + String.join("\n", lines)));
        // The demo runs every role in one process.
        assertThat(ready).contains(" - " + webUi + " — Tracemate ready (all) in ");

        // That address is the app (or, in a build without the front-end, the UI's own 503 saying
        // so).
        HttpResponse<String> page =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(webUi.substring("Web UI: ".length())))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() == 200) {
          assertThat(page.body()).contains("<div id=\"app\">");
        } else {
          assertThat(page.statusCode()).as("the web UI's answer: %s", page.body()).isEqualTo(503);
        }
      } finally {
        demo.destroy();
        if (!demo.waitFor(30, TimeUnit.SECONDS)) {
          demo.destroyForcibly();
          demo.waitFor();
        }
      }
    }
  }

  /** The demo's output once its banner is complete (bounded: 90 s), failing if it exits first. */
  private static List<String> awaitBanner(Process demo, Path output) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      List<String> lines = Files.exists(output) ? Files.readAllLines(output) : List.of();
      if (lines.stream().anyMatch(l -> l.startsWith("Stop with Ctrl-C."))) {
        return lines;
      }
      if (!demo.isAlive()) {
        throw new AssertionError(
            "the demo exited with "
                + demo.exitValue()
                + " before its banner:\n"
                + String.join("\n", lines));
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "no banner within 90 s:\n" + String.join("\n", Files.readAllLines(output)));
  }

  private static int indexOfLineStartingWith(List<String> lines, String start) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(start)) {
        return i;
      }
    }
    return -1;
  }
}
