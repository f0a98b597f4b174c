package io.tracemate.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injection suite's disk-full part (issue 15): the server's data directory is a 64 MiB tmpfs, filled to
 * the last byte while the server runs. Ingest must answer 503 with Retry-After (never 200 for what it could not make
 * durable, never a 500), queries keep answering, and once space returns ingest resumes and everything acknowledged
 * before, during and after is there, also after a SIGKILL and a restart. Mounting needs root (CI runs as root); the
 * test is skipped with a message where it cannot mount.
 */
class TortureDiskFullTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aFullDiskRefusesIngestRetryablyKeepsQueriesAndResumesWhenSpaceReturns() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Assumptions.assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", data.toString()) == 0,
        "disk-full torture skipped: cannot mount a tmpfs here (needs root on Linux)");
    Path config = dir.resolve("tracemate.yaml");
    Files.writeString(
        config,
        """
        ingest:
          traces: {flush-interval: 1s, wal-segment-bytes: 1MiB}
          logs: {flush-interval: 1s, wal-segment-bytes: 1MiB}
        storage: {refresh-interval: 200ms}
        """);
    List<String> args = List.of("--config", config.toString());
    Path log = dir.resolve("server.log");
    int otlpPort = ServerProcess.freePort();
    int httpPort = ServerProcess.freePort();
    HttpClient client = HttpClient.newHttpClient();
    List<Long> acknowledged = new ArrayList<>();
    List<String> acknowledgedLines = new ArrayList<>();
    try {
      try (ServerProcess server = new ServerProcess(data, log, otlpPort, httpPort, args)) {
        server.awaitReady(Duration.ofSeconds(60));
        long n = 0;
        for (; n < 20; n++) {
          assertThat(CrashRecoveryTest.post(client, otlpPort, CrashRecoveryTest.trace(n + 1)))
              .isEqualTo(200);
          acknowledged.add(n + 1);
        }
        assertThat(push(client, httpPort, "before the disk filled")).isEqualTo(204);
        acknowledgedLines.add("before the disk filled");
        assertAllThere(server, acknowledged, acknowledgedLines); // searchable before the disk fills

        Path filler = data.resolve("filler");
        fill(filler);
        int refused = 0;
        for (int i = 0; i < 20; i++, n++) {
          HttpResponse<String> answer = postTrace(client, otlpPort, n + 1);
          assertThat(answer.statusCode())
              .as("OTLP answer with a full disk: %s", answer.body())
              .isIn(200, 503);
          if (answer.statusCode() == 200) {
            acknowledged.add(n + 1);
          } else {
            refused++;
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
          }
          String line = "while the disk was full " + i;
          int pushed = push(client, httpPort, line);
          assertThat(pushed).as("Loki push answer with a full disk").isIn(204, 503);
          if (pushed == 204) {
            acknowledgedLines.add(line);
          }
        }
        assertThat(refused)
            .as("OTLP requests refused with 503 while the disk was full")
            .isPositive();
        // Queries keep answering what was searchable while the store cannot flush or refresh.
        Thread.sleep(2_500);
        assertThat(server.get("/api/traces/" + CrashRecoveryTest.traceIdHex(1)).statusCode())
            .isEqualTo(200);
        assertThat(server.get("/api/traces/" + CrashRecoveryTest.traceIdHex(20)).statusCode())
            .isEqualTo(200);
        assertThat(server.get("/api/services").statusCode()).isEqualTo(200);
        assertThat(server.get("/loki/api/v1/labels").statusCode()).isEqualTo(200);

        Files.delete(filler);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
          status = postTrace(client, otlpPort, n + 1).statusCode();
          if (status == 200) {
            break;
          }
          Thread.sleep(200);
        }
        assertThat(status).as("ingest resumed once space returned").isEqualTo(200);
        acknowledged.add(++n);
        for (int i = 0; i < 20; i++) {
          assertThat(CrashRecoveryTest.post(client, otlpPort, CrashRecoveryTest.trace(++n)))
              .isEqualTo(200);
          acknowledged.add(n);
        }
        assertThat(push(client, httpPort, "after space returned")).isEqualTo(204);
        acknowledgedLines.add("after space returned");
        assertAllThere(server, acknowledged, acknowledgedLines);
        server.kill();
      }
      try (ServerProcess restarted = new ServerProcess(data, log, otlpPort, httpPort, args)) {
        restarted.awaitReady(Duration.ofSeconds(60));
        assertAllThere(restarted, acknowledged, acknowledgedLines);
        assertThat(restarted.terminate(Duration.ofSeconds(30))).isZero();
      }
    } catch (AssertionError | Exception e) {
      ServerProcess.printLog(log);
      throw e;
    } finally {
      run("umount", "-l", data.toString());
    }
  }

  /** Writes until the file system says it is full. */
  private static void fill(Path filler) throws IOException {
    byte[] block = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(filler)) {
      for (int i = 0; i < 100_000; i++) {
        out.write(block);
        out.flush();
      }
      throw new AssertionError("64 MiB tmpfs took 6 GB without filling up");
    } catch (IOException full) {
      if (!String.valueOf(full.getMessage()).contains("No space left")) {
        throw full;
      }
    }
  }

  private static HttpResponse<String> postTrace(HttpClient client, int port, long n)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/v1/traces"))
            .header("Content-Type", "application/x-protobuf")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(CrashRecoveryTest.trace(n).toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int push(HttpClient client, int httpPort, String line)
      throws IOException, InterruptedException {
    long ts = System.currentTimeMillis() * 1_000_000L;
    return ServerProcess.post(
        client,
        httpPort,
        "/loki/api/v1/push",
        "application/json",
        HttpRequest.BodyPublishers.ofString(
            "{\"streams\":[{\"stream\":{\"app\":\"disk-full\"},\"values\":[[\""
                + ts
                + "\",\""
                + line
                + "\"]]}]}"));
  }

  private static void assertAllThere(
      ServerProcess server, List<Long> acknowledged, List<String> acknowledgedLines)
      throws Exception {
    Map<Long, Integer> missingOrWrong = new TreeMap<>();
    List<String> lines = List.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    do {
      missingOrWrong.clear();
      for (long n : acknowledged) {
        HttpResponse<String> response =
            server.get("/api/traces/" + CrashRecoveryTest.traceIdHex(n));
        int spans =
            response.statusCode() == 200
                ? JSON.readTree(response.body()).path("data").path(0).path("spans").size()
                : 0;
        if (spans != CrashRecoveryTest.SPANS_PER_TRACE) {
          missingOrWrong.put(n, spans);
        }
      }
      long now = System.currentTimeMillis() * 1_000_000L;
      HttpResponse<String> logs =
          server.get(
              "/loki/api/v1/query_range?query="
                  + URLEncoder.encode("{app=\"disk-full\"}", UTF_8)
                  + "&start="
                  + (now - 3_600_000_000_000L)
                  + "&end="
                  + (now + 60_000_000_000L)
                  + "&limit=1000");
      List<String> found = new ArrayList<>();
      for (var stream : JSON.readTree(logs.body()).path("data").path("result")) {
        for (var value : stream.path("values")) {
          found.add(value.path(1).asText());
        }
      }
      lines = found;
      if (missingOrWrong.isEmpty() && lines.containsAll(acknowledgedLines)) {
        break;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    assertThat(missingOrWrong).as("acknowledged traces missing or incomplete").isEmpty();
    assertThat(lines).as("log lines").containsAll(acknowledgedLines);
    assertThat(lines).as("no line twice").doesNotHaveDuplicates();
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
