package io.tracemate.logql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.logs.Direction;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Selectors, line filters, merging, direction, limit, pushdown and stats through the public API. */
class LogQueryBasicsTest {
  private static final long S = 1_000_000_000L;

  private final ObservedReader reader =
      ObservedReader.of(
          List.of(
              new LogStream(
                  LabelSet.of("app", "api", "env", "prod"),
                  List.of(
                      new LogEntry(1 * S, "GET /users 200"),
                      new LogEntry(3 * S, "GET /orders 500 error"),
                      new LogEntry(5 * S, "POST /orders 201"))),
              new LogStream(
                  LabelSet.of("app", "web", "env", "prod"),
                  List.of(
                      new LogEntry(2 * S, "render home"),
                      new LogEntry(4 * S, "render error page")))));
  private final LogQLEngine engine =
      new LogQLEngine(reader, EngineLimits.defaults(), Runnable::run);

  private StreamsResult run(String query, Direction direction, int limit) {
    return (StreamsResult)
        engine.execute(Requests.logs(query, 0, 10 * S, direction, limit), new ScanStats());
  }

  @Test
  void mergesStreamsBackwardAndStopsAtLimit() {
    StreamsResult result = run("{env=\"prod\"}", Direction.BACKWARD, 3);
    assertThat(result.entryCount()).isEqualTo(3);
    assertThat(result.streams())
        .extracting(s -> s.labels().get("app"))
        .containsExactly("api", "web");
    assertThat(result.streams().get(0).entries())
        .extracting(LogEntry::line)
        .containsExactly("POST /orders 201", "GET /orders 500 error");
    assertThat(result.streams().get(1).entries())
        .extracting(LogEntry::line)
        .containsExactly("render error page");
  }

  @Test
  void forwardDirection() {
    StreamsResult result = run("{env=\"prod\"}", Direction.FORWARD, 2);
    assertThat(result.streams()).hasSize(2);
    assertThat(result.streams().get(0).entries())
        .extracting(LogEntry::line)
        .containsExactly("GET /users 200");
    assertThat(result.streams().get(1).entries())
        .extracting(LogEntry::line)
        .containsExactly("render home");
  }

  @Test
  void lineFiltersArePushedDownAndChecked() {
    StreamsResult result =
        run("{app=~\"api|web\"} |= \"error\" != \"page\"", Direction.FORWARD, 100);
    assertThat(result.streams())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.entries())
                    .extracting(LogEntry::line)
                    .containsExactly("GET /orders 500 error"));
    assertThat(reader.substringsSeen).allSatisfy(s -> assertThat(s).containsExactly("error"));
  }

  @Test
  void splitsLongRangesWithTheSameResult() {
    EngineLimits small =
        new EngineLimits(
            5000, 500, 0, Duration.ofSeconds(30), Duration.ofDays(30), Duration.ofSeconds(2), 2);
    LogQLEngine split = new LogQLEngine(reader, small, Runnable::run);
    for (Direction direction : Direction.values()) {
      for (int limit : new int[] {1, 2, 4, 100}) {
        QueryResult expected = run("{env=\"prod\"} |~ \"e\"", direction, limit);
        QueryResult actual =
            split.execute(
                Requests.logs("{env=\"prod\"} |~ \"e\"", 0, 10 * S, direction, limit),
                new ScanStats());
        assertThat(actual).as(direction + " limit " + limit).isEqualTo(expected);
      }
    }
  }

  @Test
  void reportsScanStats() {
    ScanStats stats = new ScanStats();
    engine.execute(Requests.logs("{app=\"web\"}", 0, 10 * S, Direction.FORWARD, 100), stats);
    assertThat(stats.lines()).isEqualTo(2);
    assertThat(stats.bytes()).isEqualTo("render home".length() + "render error page".length());
  }

  @Test
  void limitOverMaxEntriesIsRejected() {
    assertThatThrownBy(() -> run("{app=\"web\"}", Direction.FORWARD, 10000))
        .isInstanceOfSatisfying(
            QueryLimitException.class,
            e -> {
              assertThat(e.limit()).isEqualTo("max_entries_limit_per_query");
              assertThat(e)
                  .hasMessage(
                      "max entries limit per query exceeded, limit > max_entries_limit (10000 > 5000)");
            });
  }
}
