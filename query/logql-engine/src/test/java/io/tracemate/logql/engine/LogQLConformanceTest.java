package io.tracemate.logql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.logql.syntax.LogQLParseException;
import io.tracemate.logs.Direction;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.model.LogEntry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The LogQL conformance table: every case of {@code conformance/cases*.txt} runs over the fixed corpus and its
 * result, rendered compactly, must equal the hand-computed expectation. Each case runs twice: unsplit, and split
 * into 20 s parts evaluated in parallel, which must not change the result.
 *
 * <p>Case format: {@code query: <LogQL>}, then one of {@code logs: <start> <end> [forward|backward] [limit=N]
 * [interval=D]}, {@code range: <start> <end> <step>}, {@code instant: <t>} (times in seconds from the corpus
 * base, e.g. {@code 30s}), then {@code expect:} and the expected lines up to a blank line: {@code {labels} <t> <line>}
 * per log entry (streams sorted by labels), {@code {labels} <t>=<v> ...} per series, {@code {labels} <v>} per
 * vector sample, {@code scalar <v>}, {@code (empty)}, or {@code error: <ExceptionClass>[<limit>]: <message part>}.
 */
class LogQLConformanceTest {
  private static ExecutorService pool;
  private static final ObservedReader READER = ObservedReader.of(ConformanceCorpus.load());
  private static final EngineLimits LIMITS =
      new EngineLimits(
          1000, 12, 0, Duration.ofSeconds(20), Duration.ofDays(30), Duration.ofHours(1), 4);
  private static final EngineLimits SPLIT =
      new EngineLimits(
          1000, 12, 0, Duration.ofSeconds(20), Duration.ofDays(30), Duration.ofSeconds(20), 2);

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  record Case(
      String file, int line, String query, String kind, String[] args, List<String> expected) {
    @Override
    public String toString() {
      return file + ":" + line + " " + query;
    }
  }

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (String file :
        List.of(
            "conformance/cases-logs.txt",
            "conformance/cases-metrics.txt",
            "conformance/cases-errors.txt")) {
      String[] lines = ConformanceCorpus.resource(file).split("\n", -1);
      int i = 0;
      while (i < lines.length) {
        String line = lines[i];
        if (!line.startsWith("query: ")) {
          i++;
          continue;
        }
        int start = i + 1;
        String query = line.substring(7);
        String[] spec = lines[++i].trim().split("\\s+");
        if (!lines[++i].equals("expect:")) {
          throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 'expect:'");
        }
        List<String> expected = new ArrayList<>();
        while (++i < lines.length && !lines[i].isBlank()) {
          expected.add(lines[i]);
        }
        cases.add(
            new Case(
                file,
                start,
                query.replace("\\n", "\n"),
                spec[0].replace(":", ""),
                java.util.Arrays.copyOfRange(spec, 1, spec.length),
                expected));
      }
    }
    return cases;
  }

  @Test
  void tableIsLargeAndCoversEveryResultShape() {
    List<Case> cases = cases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(150);
    assertThat(cases).extracting(Case::kind).contains("logs", "range", "instant");
  }

  @TestFactory
  Stream<DynamicTest> conformance() {
    LogQLEngine plain = new LogQLEngine(READER, LIMITS, Runnable::run);
    LogQLEngine split = new LogQLEngine(READER, SPLIT, pool);
    return cases().stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.toString(),
                    () -> {
                      List<String> actual = run(plain, c);
                      if (c.expected().size() == 1
                          && c.expected().getFirst().startsWith("error: ")) {
                        // errors: the expected text is a prefix of the message (which may name
                        // series or positions at length)
                        assertThat(actual)
                            .as("%s (%s:%d)", c.query(), c.file(), c.line())
                            .singleElement()
                            .asString()
                            .startsWith(c.expected().getFirst());
                      } else {
                        assertThat(actual)
                            .as("%s (%s:%d)", c.query(), c.file(), c.line())
                            .containsExactlyElementsOf(c.expected());
                      }
                      assertThat(run(split, c))
                          .as("split evaluation of %s", c.query())
                          .isEqualTo(actual);
                    }));
  }

  static long seconds(String text) {
    return new BigDecimal(text.replace("s", "")).movePointRight(9).longValueExact()
        + ConformanceCorpus.BASE_NANOS;
  }

  static List<String> run(LogQLEngine engine, Case c) {
    LogQueryRequest request =
        switch (c.kind()) {
          case "logs" -> {
            Direction direction = Direction.BACKWARD;
            int limit = 100;
            long interval = 0;
            for (String option : java.util.Arrays.copyOfRange(c.args(), 2, c.args().length)) {
              if (option.equals("forward")) {
                direction = Direction.FORWARD;
              } else if (option.startsWith("limit=")) {
                limit = Integer.parseInt(option.substring(6));
              } else if (option.startsWith("interval=")) {
                interval = seconds(option.substring(9)) - ConformanceCorpus.BASE_NANOS;
              }
            }
            yield new LogQueryRequest(
                Requests.TENANT,
                c.query(),
                seconds(c.args()[0]),
                seconds(c.args()[1]),
                0,
                interval,
                direction,
                limit,
                false);
          }
          case "range" ->
              Requests.range(
                  c.query(),
                  seconds(c.args()[0]),
                  seconds(c.args()[1]),
                  seconds(c.args()[2]) - ConformanceCorpus.BASE_NANOS);
          case "instant" -> Requests.instant(c.query(), seconds(c.args()[0]));
          default -> throw new IllegalArgumentException("unknown case kind " + c.kind());
        };
    try {
      return render(engine.execute(request, new ScanStats()));
    } catch (QueryLimitException e) {
      return List.of("error: QueryLimitException[" + e.limit() + "]: " + e.getMessage());
    } catch (LogQLParseException | QueryEvaluationException e) {
      return List.of("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  static List<String> render(QueryResult result) {
    List<String> out = new ArrayList<>();
    switch (result) {
      case StreamsResult streams -> {
        for (ResultStream stream : streams.streams()) {
          for (LogEntry entry : stream.entries()) {
            out.add(
                stream.labels()
                    + " "
                    + time(entry.timestampNanos() / 1_000_000)
                    + " "
                    + entry.line().replace("\u001B", "\\e"));
          }
        }
      }
      case MatrixResult matrix -> {
        for (Series series : matrix.series()) {
          StringBuilder line = new StringBuilder(series.metric().toString());
          for (int i = 0; i < series.size(); i++) {
            line.append(' ')
                .append(time(series.timestampsMillis()[i]))
                .append('=')
                .append(number(series.values()[i]));
          }
          out.add(line.toString());
        }
      }
      case VectorResult vector ->
          vector.samples().forEach(s -> out.add(s.metric() + " " + number(s.value())));
      case ScalarResult scalar -> out.add("scalar " + number(scalar.value()));
    }
    return out.isEmpty() ? List.of("(empty)") : out;
  }

  static String time(long millis) {
    return BigDecimal.valueOf(millis - ConformanceCorpus.BASE_SECONDS * 1000)
            .movePointLeft(3)
            .stripTrailingZeros()
            .toPlainString()
        + "s";
  }

  static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
    }
    return new BigDecimal(value)
        .setScale(6, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
