package io.tracemate.logql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.logs.Direction;
import io.tracemate.logs.IndexStats;
import io.tracemate.logs.LogCursor;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Bytes, timeout and argument limits, each failing with the limit's name. */
class EngineLimitsTest {
  private static final long S = 1_000_000_000L;

  private static List<LogStream> corpus(int entries) {
    List<LogEntry> list = new ArrayList<>();
    for (int i = 0; i < entries; i++) {
      list.add(new LogEntry(i * S, "line number " + i + " level=info"));
    }
    return List.of(new LogStream(LabelSet.of("app", "a"), list));
  }

  private static EngineLimits limits(long maxBytes, Duration timeout) {
    return new EngineLimits(
        5000, 500, maxBytes, timeout, Duration.ofDays(30), Duration.ofHours(1), 2);
  }

  private static LogQueryRequest logs(String query, long endSeconds) {
    return Requests.logs(query, 0, endSeconds * S, Direction.FORWARD, 5000);
  }

  private static LogQueryRequest metric(String query, long endSeconds) {
    return Requests.range(query, 0, endSeconds * S, 10 * S);
  }

  @Test
  void bytesAreCheckedAgainstTheIndexBeforeReading() {
    ObservedReader reader = ObservedReader.of(corpus(1000));
    LogQLEngine engine =
        new LogQLEngine(reader, limits(1000, Duration.ofSeconds(30)), Runnable::run);
    for (LogQueryRequest request :
        List.of(logs("{app=\"a\"}", 1000), metric("count_over_time({app=\"a\"}[1m])", 1000))) {
      assertThatThrownBy(() -> engine.execute(request, new ScanStats()))
          .isInstanceOfSatisfying(
              QueryLimitException.class,
              e -> {
                assertThat(e.limit()).isEqualTo("max_query_bytes_read");
                assertThat(e)
                    .hasMessageStartingWith("the query would read too many bytes (query: ")
                    .hasMessageContaining("limit: 1.0 kB)");
              });
    }
    assertThat(reader.cursorsOpened).hasValue(0);
    // a narrow query fits
    assertThat(engine.execute(logs("{app=\"a\"}", 10), new ScanStats()))
        .isInstanceOf(StreamsResult.class);
  }

  @Test
  void bytesAreCheckedWhileReadingWhenTheIndexUnderestimates() {
    LogReader lyingIndex =
        new ForwardingReader(ObservedReader.of(corpus(1000))) {
          @Override
          public IndexStats indexStats(LogSelection selection) {
            return new IndexStats(1, 1, 0, 0);
          }
        };
    LogQLEngine engine =
        new LogQLEngine(lyingIndex, limits(1000, Duration.ofSeconds(30)), Runnable::run);
    ScanStats stats = new ScanStats();
    assertThatThrownBy(
            () -> engine.execute(logs("{app=\"a\"} |= \"nothing matches\"", 1000), stats))
        .isInstanceOfSatisfying(
            QueryLimitException.class,
            e -> {
              assertThat(e.limit()).isEqualTo("max_query_bytes_read");
              assertThat(e).hasMessageStartingWith("the query read too many bytes");
            });
    assertThat(stats.bytes()).isGreaterThan(1000);
  }

  @Test
  void timeoutIsMeasuredOnTheInjectedClock() {
    AtomicLong clock = new AtomicLong();
    ObservedReader slow =
        ObservedReader.of(corpus(100), () -> clock.addAndGet(S)); // 1 s per entry read
    LogQLEngine engine =
        new LogQLEngine(slow, limits(0, Duration.ofSeconds(30)), Runnable::run, clock::get);
    for (LogQueryRequest request :
        List.of(logs("{app=\"a\"}", 100), metric("count_over_time({app=\"a\"}[1m])", 100))) {
      clock.set(0);
      assertThatThrownBy(() -> engine.execute(request, new ScanStats()))
          .isInstanceOfSatisfying(
              QueryLimitException.class,
              e -> {
                assertThat(e.limit()).isEqualTo("query_timeout");
                assertThat(e).hasMessageStartingWith("query timed out after 30s");
              });
    }
    clock.set(0);
    ObservedReader fast = ObservedReader.of(corpus(100), () -> clock.addAndGet(1_000_000)); // 1 ms
    LogQLEngine ok =
        new LogQLEngine(fast, limits(0, Duration.ofSeconds(30)), Runnable::run, clock::get);
    assertThat(((StreamsResult) ok.execute(logs("{app=\"a\"}", 100), new ScanStats())).entryCount())
        .isEqualTo(100);
  }

  @Test
  void timeoutStopsWaitingForABlockedPart() throws Exception {
    Thread caller = Thread.currentThread();
    CountDownLatch release = new CountDownLatch(1);
    Semaphore entered = new Semaphore(0);
    LogReader blocking =
        new ForwardingReader(ObservedReader.of(corpus(10))) {
          @Override
          public LogCursor entries(
              LogSelection selection,
              StreamRef stream,
              Direction direction,
              List<String> requiredSubstrings,
              ScanStats stats) {
            if (Thread.currentThread() != caller) { // parts run by the executor hang
              entered.release();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return super.entries(selection, stream, direction, requiredSubstrings, stats);
          }
        };
    List<Thread> started = new ArrayList<>();
    Executor hangingParts =
        task -> {
          Thread thread = new Thread(task, "hanging-part");
          thread.setDaemon(true);
          started.add(thread);
          thread.start();
          try {
            // returns once the part is stuck in the store, so the caller cannot take it over
            assertThat(entered.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        };
    try {
      EngineLimits limits =
          new EngineLimits(
              5000, 500, 0, Duration.ofMillis(200), Duration.ofDays(30), Duration.ofSeconds(3), 2);
      LogQLEngine engine = new LogQLEngine(blocking, limits, hangingParts);
      assertThatThrownBy(() -> engine.execute(logs("{app=\"a\"}", 10), new ScanStats()))
          .isInstanceOfSatisfying(
              QueryLimitException.class, e -> assertThat(e.limit()).isEqualTo("query_timeout"));
    } finally {
      release.countDown();
      for (Thread thread : started) {
        thread.join(10_000);
      }
    }
  }

  @Test
  void theCallerRunsPartsASaturatedExecutorNeverStarts() {
    ObservedReader reader = ObservedReader.of(corpus(100));
    EngineLimits split =
        new EngineLimits(
            5000, 500, 0, Duration.ofSeconds(30), Duration.ofDays(30), Duration.ofSeconds(7), 3);
    Executor neverRuns = task -> {};
    Executor rejects =
        task -> {
          throw new RejectedExecutionException("full");
        };
    QueryResult expected =
        new LogQLEngine(reader, limits(0, Duration.ofSeconds(30)), Runnable::run)
            .execute(logs("{app=\"a\"}", 100), new ScanStats());
    QueryResult expectedMetric =
        new LogQLEngine(reader, limits(0, Duration.ofSeconds(30)), Runnable::run)
            .execute(metric("count_over_time({app=\"a\"}[30s])", 100), new ScanStats());
    for (Executor executor : List.of(neverRuns, rejects)) {
      LogQLEngine engine = new LogQLEngine(reader, split, executor);
      assertThat(engine.execute(logs("{app=\"a\"}", 100), new ScanStats())).isEqualTo(expected);
      assertThat(engine.execute(metric("count_over_time({app=\"a\"}[30s])", 100), new ScanStats()))
          .isEqualTo(expectedMetric);
    }
  }

  @Test
  void limitsValidateTheirArguments() {
    assertThatThrownBy(
            () ->
                new EngineLimits(
                    0, 1, 0, Duration.ofSeconds(1), Duration.ofDays(1), Duration.ofHours(1), 1))
        .hasMessage("maxEntries must be positive, got 0");
    assertThatThrownBy(
            () ->
                new EngineLimits(
                    1, 1, 0, Duration.ofSeconds(1), Duration.ofDays(1), Duration.ZERO, 1))
        .hasMessage("splitInterval must be positive, got PT0S");
    EngineLimits defaults = EngineLimits.defaults();
    assertThat(defaults.maxEntries()).isEqualTo(5000);
    assertThat(defaults.maxSeries()).isEqualTo(500);
    assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void zeroLimitMeansLokisDefaultOfOneHundred() {
    LogQLEngine engine =
        new LogQLEngine(
            ObservedReader.of(corpus(300)), limits(0, Duration.ofSeconds(30)), Runnable::run);
    StreamsResult result =
        (StreamsResult)
            engine.execute(
                Requests.logs("{app=\"a\"}", 0, 300 * S, Direction.BACKWARD, 0), new ScanStats());
    assertThat(result.entryCount()).isEqualTo(100);
    assertThat(result.streams().getFirst().entries().getFirst().timestampNanos())
        .isEqualTo(299 * S);
  }
}
