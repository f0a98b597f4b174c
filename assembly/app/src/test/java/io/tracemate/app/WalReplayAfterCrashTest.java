package io.tracemate.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart after SIGKILL replays only what the store had not made durable: a server that flushed most of what
 * it acknowledged (all in the one WAL segment being written) is killed; the next start replays the few records
 * after the last flush, skips the rest without re-applying it, and every acknowledged span is there exactly
 * once. Asserted on the replay counters on /metrics, not on time.
 */
class WalReplayAfterCrashTest {
  private static final int FLUSHED_TRACES = 300;
  private static final int UNFLUSHED_TRACES = 30;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRACES_WAL_RECORDS = "tracemate_wal_records_total{signal=\"traces\"}";
  private static final String TRACES_WAL_CHECKPOINT =
      "tracemate_wal_checkpoint_sequence{signal=\"traces\"}";

  @TempDir Path dir;

  @Test
  void aRestartAfterSigkillReplaysOnlyTheRecordsTheLastFlushDidNotCover() throws Exception {
    Path data = dir.resolve("data");
    Path log = dir.resolve("server.log");
    Path config = dir.resolve("tracemate.yaml");
    // Frequent flushes, so the first phase is surely covered by one before the kill.
    Files.writeString(config, "ingest:\n  traces:\n    flush-interval: 500ms\n");
    List<String> args = List.of("--config", config.toString());
    int otlpPort = ServerProcess.freePort();
    int httpPort = ServerProcess.freePort();
    double recordsAtKill;
    double checkpointBeforeTheLastPhase;
    try (ServerProcess first = new ServerProcess(data, log, otlpPort, httpPort, args)) {
      first.awaitReady(Duration.ofSeconds(60));
      HttpClient client = HttpClient.newHttpClient();
      send(client, otlpPort, 0, FLUSHED_TRACES);
      double flushedRecords = first.metric(TRACES_WAL_RECORDS);
      assertThat(flushedRecords).as("one WAL record per request").isEqualTo(FLUSHED_TRACES);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (first.metric(TRACES_WAL_CHECKPOINT) < flushedRecords && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      checkpointBeforeTheLastPhase = first.metric(TRACES_WAL_CHECKPOINT);
      assertThat(checkpointBeforeTheLastPhase)
          .as("a flush covered the first phase")
          .isEqualTo(flushedRecords);
      send(client, otlpPort, FLUSHED_TRACES, UNFLUSHED_TRACES);
      recordsAtKill = first.metric(TRACES_WAL_RECORDS);
      first.kill();
    }
    assertThat(recordsAtKill).isEqualTo(FLUSHED_TRACES + UNFLUSHED_TRACES);

    try (ServerProcess second = new ServerProcess(data, log, otlpPort, httpPort, args)) {
      second.awaitReady(Duration.ofSeconds(60));
      double replayed = second.metric("tracemate_wal_replayed_records_total{signal=\"traces\"}");
      double skipped =
          second.metric("tracemate_wal_replay_skipped_records_total{signal=\"traces\"}");
      // Records after the checkpoint the first process last wrote are replayed; a flush between the
      // last reading and the kill may have covered some of them too. Nothing the first phase's
      // flush covered is re-applied.
      assertThat(replayed).isLessThanOrEqualTo(UNFLUSHED_TRACES);
      assertThat(skipped).isGreaterThanOrEqualTo(checkpointBeforeTheLastPhase);
      assertThat(replayed + skipped)
          .as("every record of the segment was either replayed or skipped")
          .isEqualTo(recordsAtKill);

      Map<Long, Integer> missingOrWrong = new TreeMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      do {
        missingOrWrong.clear();
        for (long n = 1; n <= FLUSHED_TRACES + UNFLUSHED_TRACES; n++) {
          HttpResponse<String> response =
              second.get("/api/traces/" + CrashRecoveryTest.traceIdHex(n));
          int spans =
              response.statusCode() == 200
                  ? JSON.readTree(response.body()).path("data").path(0).path("spans").size()
                  : 0;
          if (spans != CrashRecoveryTest.SPANS_PER_TRACE) {
            missingOrWrong.put(n, spans);
          }
        }
        if (!missingOrWrong.isEmpty()) {
          Thread.sleep(200);
        }
      } while (!missingOrWrong.isEmpty() && System.nanoTime() < deadline);
      assertThat(missingOrWrong)
          .as("acknowledged traces missing or with the wrong span count")
          .isEmpty();
      assertThat(second.terminate(Duration.ofSeconds(30))).as("exit code after SIGTERM").isZero();
    } finally {
      ServerProcess.printLog(log);
    }
  }

  /** Sends traces {@code from + 1 .. from + count}, one request each, four at a time; all must be acknowledged. */
  private static void send(HttpClient client, int port, int from, int count) throws Exception {
    ExecutorService senders = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (long n = from + 1; n <= from + count; n++) {
        long trace = n;
        answers.add(
            senders.submit(
                () -> CrashRecoveryTest.post(client, port, CrashRecoveryTest.trace(trace))));
      }
      for (Future<Integer> answer : answers) {
        assertThat(answer.get()).isEqualTo(200);
      }
    } finally {
      senders.shutdown();
    }
  }
}
