package io.tracemate.logql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.common.Cancellation;
import io.tracemate.common.CancelledException;
import io.tracemate.logql.syntax.LogQLParseException;
import io.tracemate.logs.Direction;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hostile queries of issue 9, against the engine: each fails with the limit it went over, and stops. */
class HostileQueriesTest {
  private static final long S = 1_000_000_000L;

  private static ObservedReader lines(int count, String line) {
    List<LogEntry> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(new LogEntry(i * S, line));
    }
    return ObservedReader.of(List.of(new LogStream(LabelSet.of("app", "x"), list)));
  }

  private static LogQueryRequest logs(String query, long endSeconds) {
    return Requests.logs(query, 0, endSeconds * S, Direction.FORWARD, 100);
  }

  private static String repeat(String text, int times) {
    return String.join("", Collections.nCopies(times, text));
  }

  @Test
  void doublingLineFormatStagesStopAtTheFormattedLineSize() {
    LogQLEngine engine = new LogQLEngine(lines(10, "x"), EngineLimits.defaults(), Runnable::run);
    String query = "{app=\"x\"}" + repeat(" | line_format \"{{__line__}}{{__line__}}\"", 26);
    assertThatThrownBy(() -> engine.execute(logs(query, 100), new ScanStats()))
        .isInstanceOfSatisfying(
            QueryLimitException.class,
            e -> {
              assertThat(e.limit()).isEqualTo(QueryLimitException.MAX_FORMATTED_LINE_SIZE);
              assertThat(e)
                  .hasMessageContaining("longer than 1048576 characters")
                  .hasMessageEndingWith("(max_formatted_line_size)");
            });
    // 19 doublings (512 Ki characters) still fit
    String fits = "{app=\"x\"}" + repeat(" | line_format \"{{__line__}}{{__line__}}\"", 19);
    StreamsResult result = (StreamsResult) engine.execute(logs(fits, 100), new ScanStats());
    assertThat(result.streams().getFirst().entries().getFirst().line()).hasSize(1 << 19);
  }

  @Test
  void functionsThatTakeASizeAreRefusedBeforeTheyAllocate() {
    LogQLEngine engine = new LogQLEngine(lines(1, "x"), EngineLimits.defaults(), Runnable::run);
    for (String template :
        List.of(
            "{{ repeat 2000000000 __line__ }}",
            "{{ indent 2000000000 __line__ }}",
            "{{ alignLeft 2000000000 __line__ }}",
            "{{ printf \"%2000000000s\" __line__ }}",
            "{{ printf \"%.99999999999f\" 1.5 }}")) {
      assertThatThrownBy(
              () ->
                  engine.execute(
                      logs("{app=\"x\"} | line_format `" + template + "`", 100), new ScanStats()))
          .as(template)
          .isInstanceOfSatisfying(
              QueryLimitException.class,
              e -> assertThat(e.limit()).isEqualTo(QueryLimitException.MAX_FORMATTED_LINE_SIZE));
    }
    String label = "{app=\"x\"} | label_format big=`{{ repeat 2000000 \"ab\" }}`";
    assertThatThrownBy(() -> engine.execute(logs(label, 100), new ScanStats()))
        .isInstanceOf(QueryLimitException.class);
    // sprig's replace with an empty old string inserts before every character: bounded too
    String inserts =
        "{app=\"x\"} | line_format `{{ replace \"\" __line__ __line__ }}`"
            + repeat(" | line_format `{{ replace \"\" __line__ __line__ }}`", 4);
    assertThatThrownBy(() -> engine.execute(logs(inserts, 100), new ScanStats()))
        .isInstanceOf(QueryLimitException.class);
  }

  @Test
  void theMemoryAQueryHoldsIsBounded() {
    EngineLimits limits = EngineLimits.defaults().withMemoryLimits(1 << 20, 4L << 20);
    LogQLEngine engine = new LogQLEngine(lines(100, "y".repeat(100_000)), limits, Runnable::run);
    assertThatThrownBy(() -> engine.execute(logs("{app=\"x\"}", 100), new ScanStats()))
        .isInstanceOfSatisfying(
            QueryLimitException.class,
            e -> {
              assertThat(e.limit()).isEqualTo(QueryLimitException.MAX_QUERY_MEMORY);
              assertThat(e).hasMessageEndingWith("(max_query_memory)");
            });
    // fewer entries fit
    LogQueryRequest few = Requests.logs("{app=\"x\"}", 0, 100 * S, Direction.FORWARD, 10);
    assertThat(
            ((StreamsResult) engine.execute(few, new ScanStats())).streams().getFirst().entries())
        .hasSize(10);
  }

  @Test
  void metricSamplesAndSeriesCountAgainstTheQueryMemory() {
    EngineLimits limits = EngineLimits.defaults().withMemoryLimits(1 << 20, 1L << 20);
    List<LogEntry> list = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      list.add(new LogEntry(i * 1_000_000L, "id=" + i));
    }
    ObservedReader reader =
        ObservedReader.of(List.of(new LogStream(LabelSet.of("app", "x"), list)));
    LogQLEngine engine = new LogQLEngine(reader, limits, Runnable::run);
    LogQueryRequest request =
        Requests.range("sum(count_over_time({app=\"x\"} | logfmt [1m]))", 0, 60 * S, 60 * S);
    assertThatThrownBy(() -> engine.execute(request, new ScanStats()))
        .isInstanceOfSatisfying(
            QueryLimitException.class,
            e -> assertThat(e.limit()).isEqualTo(QueryLimitException.MAX_QUERY_MEMORY));
  }

  @Test
  void deepQueriesAreParseErrorsNamingTheLimit() {
    LogQLEngine engine = new LogQLEngine(lines(1, "x"), EngineLimits.defaults(), Runnable::run);
    String term = "count_over_time({app=\"x\"}[1m])";
    for (String query :
        List.of(
            repeat("(", 10_000) + term + repeat(")", 10_000),
            repeat("sum(", 10_000) + term + repeat(")", 10_000),
            term + repeat("+" + term, 1_999))) {
      assertThatThrownBy(() -> engine.execute(logs(query, 100), new ScanStats()))
          .isInstanceOfSatisfying(
              LogQLParseException.class, e -> assertThat(e.limit()).contains("max_query_depth"));
    }
  }

  @Test
  void aRegexThatBacktracksCatastrophicallyInJavaFinishesAtOnce() {
    // (.*a){20}$x on 40 a's made java.util.regex backtrack for hours; RE2 matches in time linear in
    // the line
    LogQLEngine engine =
        new LogQLEngine(lines(200, "a".repeat(40)), EngineLimits.defaults(), Runnable::run);
    StreamsResult none =
        (StreamsResult)
            engine.execute(logs("{app=\"x\"} |~ \"(.*a){20}$x\"", 300), new ScanStats());
    assertThat(none.streams()).isEmpty();
    StreamsResult all =
        (StreamsResult)
            engine.execute(logs("{app=\"x\"} !~ \"(.*a){20}$x\"", 300), new ScanStats());
    assertThat(all.streams().getFirst().entries()).hasSize(100);
  }

  @Test
  void aLongRegexMatchStopsAtTheDeadline() {
    // linear is not cheap: a program of ~1,000 instructions over 100,000-character lines is ~10^8
    // steps a line, minutes for the 200 lines
    LogQLEngine engine =
        new LogQLEngine(
            lines(200, "a".repeat(100_000)),
            new EngineLimits(
                5000, 500, 0, Duration.ofMillis(200), Duration.ofDays(30), Duration.ofHours(1), 2),
            Runnable::run);
    assertThatThrownBy(
            () -> engine.execute(logs("{app=\"x\"} |~ \"[a-z]{1000}[0-9]\"", 300), new ScanStats()))
        .isInstanceOfSatisfying(
            QueryLimitException.class,
            e -> assertThat(e.limit()).isEqualTo(QueryLimitException.TIMEOUT));
  }

  @Test
  void cancellingStopsEveryParallelPartBeforeExecuteReturns() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // four one-hour parts, each in a long regex match on its first line
      List<LogEntry> list = new ArrayList<>();
      String line = "a".repeat(100_000);
      for (int i = 0; i < 4 * 60; i++) {
        list.add(new LogEntry(i * 60 * S, line));
      }
      ObservedReader reader =
          ObservedReader.of(List.of(new LogStream(LabelSet.of("app", "x"), list)));
      LogQLEngine engine = new LogQLEngine(reader, EngineLimits.defaults(), pool);
      Cancellation cancellation = Cancellation.none();
      Thread canceller =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      Thread.sleep(100);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    cancellation.cancel();
                  });
      LogQueryRequest request =
          Requests.logs(
              "{app=\"x\"} |~ \"[a-z]{1000}[0-9]\"", 0, 4 * 3600 * S, Direction.FORWARD, 100);
      assertThatThrownBy(() -> engine.execute(request, new ScanStats(), cancellation))
          .isInstanceOf(CancelledException.class);
      canceller.join();
      // every part has stopped: the pool is idle, so both threads take new work at once
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }
}
