package io.tracemate.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injection suite's first part (issue 15): the server process is killed with SIGKILL at random moments,
 * {@link TortureSettings#cycles()} times, while five real clients send traces and logs ({@link MixedLoad}), and
 * in one cycle of five while it is still starting (replaying its WAL). Then, on a last clean start:
 *
 * <ul>
 *   <li>every acknowledged log line (Loki push, OTLP logs) is there exactly once;
 *   <li>every acknowledged span of a trace the tail sampler must keep (an acknowledged ERROR span, or the
 *       probabilistic policy's choice, which is the SDK's {@code TraceIdRatioBased}) is there exactly once;
 *   <li>no trace is half-stored: of a trace's acknowledged spans, all are there or none;
 *   <li>every start opened the stores cleanly: ready within a minute, nothing in its log at ERROR.
 * </ul>
 *
 * The kill moments derive from the printed seed. {@code bin/torture --cycles 100} runs the long version.
 */
class TortureSigkillTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double KEPT_PERCENTAGE = 30;
  private static final Sampler KEPT_BY_PROBABILITY =
      Sampler.traceIdRatioBased(KEPT_PERCENTAGE / 100);
  private static final String CONFIG =
      """
      ingest:
        traces: {flush-interval: 1s}
        logs: {flush-interval: 1s}
      storage: {refresh-interval: 200ms}
      pipeline:
        processors:
          - tail_sampling:
              decision_wait: 1s
              policies:
                - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
                - {name: rest, type: probabilistic, probabilistic: {sampling_percentage: %s}}
      """
          .formatted(KEPT_PERCENTAGE);

  @TempDir Path dir;

  @Test
  void sigkillAtRandomMomentsUnderMixedLoadLosesAndDoublesNothingAcknowledged() throws Exception {
    TortureSettings settings = TortureSettings.fromSystemProperties();
    Random random = new Random(settings.seed());
    Path data = dir.resolve("data");
    Path config = dir.resolve("tracemate.yaml");
    Files.writeString(config, CONFIG);
    List<String> args = List.of("--config", config.toString());
    int otlpHttpPort = ServerProcess.freePort();
    int httpPort = ServerProcess.freePort();
    Acknowledged acknowledged = new Acknowledged();
    int killedWhileStarting = 0;
    long started = System.nanoTime();

    for (int cycle = 1; cycle <= settings.cycles(); cycle++) {
      Path log = dir.resolve("server-" + cycle + ".log");
      try (ServerProcess server = new ServerProcess(data, log, otlpHttpPort, httpPort, args)) {
        if (cycle % 5 == 3) {
          // One cycle in five (the third of CI's five): while it replays the WAL and opens the
          // stores.
          Thread.sleep(300 + random.nextInt(2500));
          server.kill();
          killedWhileStarting++;
          continue;
        }
        awaitReadyOrShowLog(server, log);
        assertStartedCleanly(log);
        MixedLoad load = MixedLoad.start(server, acknowledged, cycle);
        try {
          load.awaitAcknowledgements(10, Duration.ofSeconds(20));
          Thread.sleep(500 + random.nextInt(2500));
          server.kill();
        } finally {
          load.close();
        }
        assertThat(load.unexpectedAnswers()).as("answers in cycle %d", cycle).isEmpty();
        assertThat(load.requests()).as("requests sent in cycle %d", cycle).isPositive();
      }
    }

    Path log = dir.resolve("server-last.log");
    try (ServerProcess last = new ServerProcess(data, log, otlpHttpPort, httpPort, args)) {
      awaitReadyOrShowLog(last, log);
      assertStartedCleanly(log);
      for (String signal : List.of("traces", "logs")) {
        assertThat(last.metric("tracemate_wal_lost_records_total{signal=\"" + signal + "\"}"))
            .as(
                "%s WAL records lost to damage (a SIGKILL only tears the unacknowledged tail)",
                signal)
            .isZero();
      }
      System.out.printf(
          "torture: %d cycles (%d killed while starting) in %d s; acknowledged %d spans of %d traces, %d log"
              + " lines%n",
          settings.cycles(),
          killedWhileStarting,
          Duration.ofNanos(System.nanoTime() - started).toSeconds(),
          acknowledged.spanCount(),
          acknowledged.traces().size(),
          acknowledged.lines().size());
      assertThat(acknowledged.lines()).as("log lines acknowledged over all cycles").isNotEmpty();
      assertThat(acknowledged.traces()).as("traces acknowledged over all cycles").isNotEmpty();
      // Replayed traces wait decision_wait again before the sampler decides them, then the store's
      // refresh.
      Thread.sleep(3_000);
      assertEveryAcknowledgedLineOnce(last, acknowledged);
      assertTracesKeptWholeOrDroppedWhole(last, acknowledged);
      assertThat(last.terminate(Duration.ofSeconds(30))).as("exit code after SIGTERM").isZero();
    }
  }

  private static void awaitReadyOrShowLog(ServerProcess server, Path log) throws Exception {
    try {
      server.awaitReady(Duration.ofSeconds(60));
    } catch (AssertionError notReady) {
      ServerProcess.printLog(log);
      throw notReady;
    }
  }

  /** No start may find its data damaged or fail to open a store after a SIGKILL. */
  private static void assertStartedCleanly(Path log) throws Exception {
    List<String> problems =
        Files.readAllLines(log, UTF_8).stream()
            .filter(line -> line.contains(" ERROR ") || line.contains("damaged"))
            .toList();
    assertThat(problems).as("errors in the start-up log %s", log.getFileName()).isEmpty();
  }

  private static void assertEveryAcknowledgedLineOnce(
      ServerProcess server, Acknowledged acknowledged) throws Exception {
    Map<String, Integer> counts = new HashMap<>();
    for (String selector :
        List.of(
            "{app=\"" + MixedLoad.LOKI_APP + "\"}",
            "{service_name=\"" + MixedLoad.OTLP_LOGS_SERVICE + "\"}")) {
      readAllLines(server, selector, acknowledged, counts);
    }
    Map<String, Integer> doubled = new TreeMap<>();
    counts.forEach(
        (line, count) -> {
          if (count > 1) {
            doubled.put(line, count);
          }
        });
    List<String> missing =
        acknowledged.lines().stream().filter(line -> !counts.containsKey(line)).sorted().toList();
    System.out.printf(
        "torture: log lines acknowledged %d, lost %d, doubled %d%n",
        acknowledged.lines().size(), missing.size(), doubled.size());
    assertThat(doubled).as("log lines stored more than once").isEmpty();
    assertThat(missing)
        .as("acknowledged log lines missing (of %d)", acknowledged.lines().size())
        .isEmpty();
  }

  /** Pages forward through one selector's lines (each has its own timestamp) under Loki's 5,000-entry limit. */
  private static void readAllLines(
      ServerProcess server, String selector, Acknowledged acknowledged, Map<String, Integer> counts)
      throws Exception {
    long start = acknowledged.firstTimestampNanos();
    long end = acknowledged.lastTimestampNanos() + 1;
    for (int page = 0; page < 10_000 && start < end; page++) {
      HttpResponse<String> response =
          server.get(
              "/loki/api/v1/query_range?query="
                  + URLEncoder.encode(selector, UTF_8)
                  + "&start="
                  + start
                  + "&end="
                  + end
                  + "&limit=5000&direction=forward");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      long newest = -1;
      int entries = 0;
      for (JsonNode stream : JSON.readTree(response.body()).path("data").path("result")) {
        for (JsonNode value : stream.path("values")) {
          counts.merge(value.path(1).asText(), 1, Integer::sum);
          newest = Math.max(newest, Long.parseLong(value.path(0).asText()));
          entries++;
        }
      }
      if (entries < 5000) {
        return;
      }
      start = newest + 1;
    }
  }

  private static boolean keptByProbability(String traceId) {
    return KEPT_BY_PROBABILITY
            .shouldSample(
                Context.root(), traceId, "x", SpanKind.INTERNAL, Attributes.empty(), List.of())
            .getDecision()
        == SamplingDecision.RECORD_AND_SAMPLE;
  }

  private static void assertTracesKeptWholeOrDroppedWhole(
      ServerProcess server, Acknowledged acknowledged) throws Exception {
    Map<String, String> wrong = new TreeMap<>();
    Map<String, Acknowledged.TraceAcks> pending = new HashMap<>(acknowledged.traces());
    int mustKeep = 0;
    int kept = 0;
    long lostSpans = 0;
    long doubledSpans = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!pending.isEmpty()) {
      wrong.clear();
      lostSpans = 0;
      doubledSpans = 0;
      for (var entry : new ArrayList<>(pending.entrySet())) {
        String traceId = entry.getKey();
        Acknowledged.TraceAcks acks = entry.getValue();
        Map<String, Integer> stored = storedSpans(server, traceId);
        boolean mustBeKept = acks.error || keptByProbability(traceId);
        long present = acks.spanIds.stream().filter(stored::containsKey).count();
        long doubled = stored.values().stream().filter(count -> count > 1).count();
        boolean whole = present == acks.spanIds.size();
        if (doubled == 0 && (whole || (!mustBeKept && present == 0))) {
          pending.remove(traceId);
        } else {
          wrong.put(
              traceId,
              (mustBeKept ? "must be kept" : "kept or dropped whole")
                  + ": acknowledged "
                  + acks.spanIds
                  + ", stored "
                  + stored);
          lostSpans += acks.spanIds.size() - present;
          doubledSpans += doubled;
        }
      }
      if (pending.isEmpty() || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(500);
    }
    for (var entry : acknowledged.traces().entrySet()) {
      if (entry.getValue().error || keptByProbability(entry.getKey())) {
        mustKeep++;
      }
    }
    kept = acknowledged.traces().size() - wrong.size();
    System.out.printf(
        "torture: traces acknowledged %d (%d the sampler must keep), right %d; spans lost %d, doubled %d%n",
        acknowledged.traces().size(), mustKeep, kept, lostSpans, doubledSpans);
    assertThat(wrong).as("traces stored wrong (of %d)", acknowledged.traces().size()).isEmpty();
  }

  /** The trace's stored span IDs with how often each is in the Jaeger API's answer (none when 404). */
  private static Map<String, Integer> storedSpans(ServerProcess server, String traceId)
      throws Exception {
    HttpResponse<String> response = server.get("/api/traces/" + traceId);
    Map<String, Integer> spans = new HashMap<>();
    if (response.statusCode() == 404) {
      return spans;
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    for (JsonNode trace : JSON.readTree(response.body()).path("data")) {
      for (JsonNode span : trace.path("spans")) {
        spans.merge(span.path("spanID").asText(), 1, Integer::sum);
      }
    }
    return spans;
  }
}
