package io.tracemate.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injection suite's damaged-files part (issue 15), against the server process: a bit flipped in the middle
 * of the traces' and the logs' WAL after a SIGKILL, then one in the span store's commit after a clean stop. Every
 * start must reach ready (no crash loop), report the damage in its log and on /metrics, set the damaged part aside,
 * and keep every record that was not in the damaged part.
 */
class TortureCorruptionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REQUESTS = 30;
  private static final long BASE_NANOS = System.currentTimeMillis() * 1_000_000L - 60_000_000_000L;

  @TempDir Path dir;

  @Test
  void damagedWalAndStoreFilesAreReportedSetAsideAndNeverStopTheServer() throws Exception {
    Path data = dir.resolve("data");
    Path config = dir.resolve("tracemate.yaml");
    // No flush before the kill: every record is still in the WALs when their bits flip.
    Files.writeString(
        config, "ingest:\n  traces: {flush-interval: 1h}\n  logs: {flush-interval: 1h}\n");
    List<String> args = List.of("--config", config.toString());
    int otlpPort = ServerProcess.freePort();
    int httpPort = ServerProcess.freePort();
    Path log = dir.resolve("server.log");
    HttpClient client = HttpClient.newHttpClient();
    try {
      try (ServerProcess first = new ServerProcess(data, log, otlpPort, httpPort, args)) {
        first.awaitReady(Duration.ofSeconds(60));
        for (long n = 1; n <= REQUESTS; n++) {
          assertThat(CrashRecoveryTest.post(client, otlpPort, CrashRecoveryTest.trace(n)))
              .isEqualTo(200);
          assertThat(push(client, httpPort, n)).isEqualTo(204);
        }
        first.kill();
      }
      flipMiddleBit(onlySegment(data.resolve("wal")));
      flipMiddleBit(onlySegment(data.resolve("logs-wal")));

      Files.writeString(log, "");
      try (ServerProcess second = new ServerProcess(data, log, otlpPort, httpPort, args)) {
        second.awaitReady(Duration.ofSeconds(60));
        double lostSpanRecords =
            second.metric("tracemate_wal_lost_records_total{signal=\"traces\"}");
        double lostLogRecords = second.metric("tracemate_wal_lost_records_total{signal=\"logs\"}");
        assertThat(lostSpanRecords)
            .as("span WAL records lost to the flipped bit")
            .isBetween(1.0, 2.0);
        assertThat(lostLogRecords)
            .as("log WAL records lost to the flipped bit")
            .isBetween(1.0, 2.0);
        assertThat(second.metric("tracemate_wal_damaged_bytes_total{signal=\"traces\"}"))
            .isPositive();
        assertThat(Files.readString(log)).contains("ERROR").contains("damaged bytes");
        assertThat(files(data.resolve("wal").resolve("corrupt"))).isNotEmpty();
        assertThat(files(data.resolve("logs-wal").resolve("corrupt"))).isNotEmpty();
        // Every record but the damaged ones is there: the records after the damage too.
        int traces = 0;
        for (long n = 1; n <= REQUESTS; n++) {
          if (spans(second, n) == CrashRecoveryTest.SPANS_PER_TRACE) {
            traces++;
          }
        }
        assertThat(traces).isEqualTo(REQUESTS - (int) lostSpanRecords);
        assertThat(lines(second)).isEqualTo(REQUESTS - (int) lostLogRecords);
        assertThat(second.terminate(Duration.ofSeconds(30))).isZero();
      }
      // A clean stop committed the span store; now its commit point is damaged.
      flipMiddleBit(segmentsFile(data.resolve("spans")));

      Files.writeString(log, "");
      try (ServerProcess third = new ServerProcess(data, log, otlpPort, httpPort, args)) {
        third.awaitReady(Duration.ofSeconds(60));
        assertThat(third.metric("tracemate_storage_damaged_partitions")).isEqualTo(1.0);
        assertThat(Files.readString(log)).contains("damaged beyond repair");
        assertThat(files(data.resolve("spans").resolve("corrupt"))).hasSize(1);
        assertThat(lines(third)).as("the log store is not touched").isPositive();
        assertThat(third.terminate(Duration.ofSeconds(30))).isZero();
      }
    } catch (AssertionError | Exception e) {
      ServerProcess.printLog(log);
      throw e;
    }
  }

  private static int push(HttpClient client, int port, long n)
      throws IOException, InterruptedException {
    return ServerProcess.post(
        client,
        port,
        "/loki/api/v1/push",
        "application/json",
        HttpRequest.BodyPublishers.ofString(
            "{\"streams\":[{\"stream\":{\"app\":\"corruption\"},\"values\":[[\""
                + (BASE_NANOS + n * 1_000_000L)
                + "\",\"push "
                + n
                + " "
                + "x".repeat(200)
                + "\"]]}]}"));
  }

  private static int spans(ServerProcess server, long n) throws Exception {
    HttpResponse<String> response = server.get("/api/traces/" + CrashRecoveryTest.traceIdHex(n));
    return response.statusCode() == 200
        ? JSON.readTree(response.body()).path("data").path(0).path("spans").size()
        : 0;
  }

  private static int lines(ServerProcess server) throws Exception {
    HttpResponse<String> response =
        server.get(
            "/loki/api/v1/query_range?query="
                + URLEncoder.encode("{app=\"corruption\"}", UTF_8)
                + "&start="
                + (BASE_NANOS - 1_000_000_000L)
                + "&end="
                + (BASE_NANOS + 10_000_000_000L)
                + "&limit=1000");
    int lines = 0;
    for (var stream : JSON.readTree(response.body()).path("data").path("result")) {
      lines += stream.path("values").size();
    }
    return lines;
  }

  private static void flipMiddleBit(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);
  }

  private static Path onlySegment(Path walDirectory) throws IOException {
    List<Path> segments =
        files(walDirectory).stream().filter(p -> p.toString().endsWith(".wal")).toList();
    assertThat(segments).as("segments in %s", walDirectory).hasSize(1);
    return segments.get(0);
  }

  private static Path segmentsFile(Path spans) throws IOException {
    try (Stream<Path> files = Files.walk(spans)) {
      List<Path> commits =
          files.filter(p -> p.getFileName().toString().startsWith("segments_")).toList();
      assertThat(commits).as("span store commits").hasSize(1);
      return commits.get(0);
    }
  }

  private static List<Path> files(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.toList();
    }
  }
}
