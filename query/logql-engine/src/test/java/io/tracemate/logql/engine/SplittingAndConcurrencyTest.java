package io.tracemate.logql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.logs.Direction;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Split evaluation (parts in parallel) gives exactly the unsplit result over a three-hour generated corpus, and
 * concurrent {@code execute} calls on one engine give the sequential results.
 */
class SplittingAndConcurrencyTest {
  private static final long S = 1_000_000_000L;
  private static final long START = 1_700_000_000L * S;
  private static final long HOURS = 3;
  private static ExecutorService pool;
  private static ObservedReader reader;

  @BeforeAll
  static void setUp() {
    pool = Executors.newFixedThreadPool(3);
    Random random = new Random(42);
    String[] levels = {"debug", "info", "info", "warn", "error"};
    List<LogStream> streams = new ArrayList<>();
    for (String app : List.of("api", "web", "db")) {
      for (String pod : List.of("p1", "p2")) {
        List<LogEntry> entries = new ArrayList<>();
        long t = START + random.nextInt(60) * S;
        while (t < START + HOURS * 3600 * S) {
          String level = levels[random.nextInt(levels.length)];
          entries.add(
              new LogEntry(
                  t,
                  "level="
                      + level
                      + " status="
                      + (200 + 100 * random.nextInt(4))
                      + " latency="
                      + random.nextInt(900)
                      + "ms"));
          t += (7 + random.nextInt(90)) * S;
        }
        streams.add(new LogStream(LabelSet.of("app", app, "pod", pod), entries));
      }
    }
    reader = ObservedReader.of(streams);
  }

  @AfterAll
  static void tearDown() {
    pool.shutdownNow();
  }

  private static EngineLimits limits(Duration split, int parallelism) {
    return new EngineLimits(
        5000, 500, 0, Duration.ofSeconds(30), Duration.ofDays(30), split, parallelism);
  }

  private static List<LogQueryRequest> requests() {
    long end = START + HOURS * 3600 * S;
    List<LogQueryRequest> out = new ArrayList<>();
    for (Direction direction : Direction.values()) {
      for (int limit : new int[] {7, 100, 3000}) {
        out.add(
            Requests.logs(
                "{app=~\"api|web\"} |= \"error\" | logfmt | status >= 400",
                START,
                end,
                direction,
                limit));
        out.add(Requests.logs("{pod=\"p1\"}", START + 1234 * S, end - 777 * S, direction, limit));
      }
    }
    String[] metrics = {
      "sum by (app) (count_over_time({app=~\".+\"} |= \"error\" [5m]))",
      "rate({app=\"api\"}[1h])",
      "sum by (app, level) (rate({app=~\".+\"} | logfmt [10m] offset 3m))",
      "quantile_over_time(0.9, {app=\"web\"} | logfmt | unwrap duration(latency) [15m]) by (pod)",
      "topk(2, sum by (app, pod) (bytes_over_time({app=~\".+\"}[7m])))",
      "absent_over_time({app=\"db\"} |= \"status=500\" [2m])",
      "sum(count_over_time({app=\"api\"}[5m])) / sum(count_over_time({app=~\".+\"}[5m]))"
    };
    long[] steps = {60 * S, 5 * 60 * S, 17 * 60 * S};
    for (String query : metrics) {
      for (long step : steps) {
        out.add(Requests.range(query, START + 13 * S, end, step));
      }
      out.add(Requests.instant(query, end));
    }
    return out;
  }

  @Test
  void splitEvaluationEqualsUnsplitEvaluation() {
    LogQLEngine unsplit = new LogQLEngine(reader, limits(Duration.ofDays(1), 1), Runnable::run);
    List<LogQLEngine> splits =
        List.of(
            new LogQLEngine(reader, limits(Duration.ofMinutes(10), 3), pool),
            new LogQLEngine(reader, limits(Duration.ofMinutes(7), 2), pool),
            new LogQLEngine(reader, limits(Duration.ofHours(1), 4), pool));
    int nonEmpty = 0;
    List<LogQueryRequest> requests = requests();
    for (LogQueryRequest request : requests) {
      QueryResult expected = unsplit.execute(request, new ScanStats());
      if (!LogQLConformanceTest.render(expected).equals(List.of("(empty)"))) {
        nonEmpty++;
      }
      for (LogQLEngine split : splits) {
        assertThat(split.execute(request, new ScanStats()))
            .as(request.toString())
            .isEqualTo(expected);
      }
    }
    assertThat(nonEmpty)
        .as("queries with a non-empty result")
        .isGreaterThan(requests.size() * 9 / 10);
  }

  @Test
  void concurrentExecutionsMatchSequentialResults() throws Exception {
    LogQLEngine engine = new LogQLEngine(reader, limits(Duration.ofMinutes(20), 2), pool);
    List<LogQueryRequest> requests = requests();
    List<QueryResult> expected = new ArrayList<>();
    for (LogQueryRequest request : requests) {
      expected.add(engine.execute(request, new ScanStats()));
    }
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> futures = new ArrayList<>();
      for (int caller = 0; caller < 4; caller++) {
        int offset = caller;
        futures.add(
            callers.submit(
                () -> {
                  for (int i = 0; i < requests.size(); i++) {
                    int index = (i + offset * 7) % requests.size();
                    if (!engine
                        .execute(requests.get(index), new ScanStats())
                        .equals(expected.get(index))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> future : futures) {
        assertThat(future.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void statsCountWhatWasRead() {
    LogQLEngine engine = new LogQLEngine(reader, limits(Duration.ofMinutes(10), 3), pool);
    LogQueryRequest request =
        Requests.logs("{app=\"db\"}", START, START + HOURS * 3600 * S, Direction.FORWARD, 5000);
    ScanStats stats = new ScanStats();
    engine.execute(request, stats);
    ScanStats all = new ScanStats();
    new LogQLEngine(reader, limits(Duration.ofDays(1), 1), Runnable::run).execute(request, all);
    assertThat(stats.lines()).isEqualTo(all.lines()).isGreaterThan(100);
    assertThat(stats.bytes()).isEqualTo(all.bytes());
  }
}
