package io.tracemate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.queue.QueueSettings;
import io.tracemate.server.config.TracemateConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile LogQL queries of issue 9 against a real server over HTTP, form-POSTed as Grafana sends long queries:
 * each is answered with a 4xx in Loki's error shape (plain text) naming the limit, the server stays up, and a
 * query that times out stops working (the running-queries gauge returns to 0, the query threads go quiet).
 */
class HostileQueriesEndToEndTest {
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);

  /** Lower than the default (128), so that an endpoint parsing with the defaults instead would let it pass. */
  private static final int MAX_QUERY_DEPTH = 32;

  /** Streams whose label value an expensive selector regex is matched against, 2,000 characters each. */
  private static final int LABELLED_STREAMS = 600;

  @TempDir static Path dir;
  private static RunningServer running;
  private static final HttpClient http = HttpClient.newHttpClient();
  private static long startNanos;

  @BeforeAll
  static void start() throws Exception {
    TracemateConfig.LogQuerySettings query =
        new TracemateConfig.LogQuerySettings(
            null,
            null,
            null,
            QUERY_TIMEOUT,
            null,
            null,
            null,
            null,
            null,
            MAX_QUERY_DEPTH,
            null,
            null);
    TracemateConfig.LogsSettings logs =
        new TracemateConfig.LogsSettings(null, null, null, null, query);
    TracemateConfig.IngestSettings ingest =
        new TracemateConfig.IngestSettings(
            null, null, QueueSettings.LOGS.withFlushInterval(Duration.ofMillis(200)));
    running =
        new RunningServer(
            TracemateServer.start(
                new TracemateConfig(
                    new TracemateConfig.ServerSettings("127.0.0.1", Duration.ofSeconds(5)),
                    new TracemateConfig.ReceiverSettings(0, 0, 0, 1L << 20),
                    new TracemateConfig.QuerySettings(0),
                    new TracemateConfig.StorageSettings(
                        dir.resolve("data"), null, null, Duration.ofMillis(100), null),
                    ingest,
                    null,
                    logs)));
    long now = System.currentTimeMillis() * 1_000_000L;
    startNanos = now - 60_000_000_000L;
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      values
          .append(i == 0 ? "" : ",")
          .append("[\"")
          .append(now - (200 - i) * 1_000_000L)
          .append("\",\"")
          .append("a".repeat(28))
          .append(" line ")
          .append(i)
          .append("\"]");
    }
    String push = "{\"streams\":[{\"stream\":{\"app\":\"x\"},\"values\":[" + values + "]}]}";
    assertThat(push(push).statusCode()).isEqualTo(204);
    // long lines, on which a regex of ~1,000 instructions takes ~10^8 steps each (linear, but not
    // cheap)
    String longLine = "a".repeat(90_000);
    for (int request = 0; request < 3; request++) {
      StringBuilder longValues = new StringBuilder();
      for (int i = 0; i < 10; i++) {
        longValues
            .append(i == 0 ? "" : ",")
            .append("[\"")
            .append(now - (100 - request * 10 - i) * 1_000_000L)
            .append("\",\"")
            .append(longLine)
            .append("\"]");
      }
      HttpResponse<String> pushed =
          push("{\"streams\":[{\"stream\":{\"app\":\"long\"},\"values\":[" + longValues + "]}]}");
      assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(204);
    }
    // Streams with long label values (Loki's max_label_value_length is 2,048), for selector
    // regexes.
    for (int from = 0; from < LABELLED_STREAMS; from += 200) { // 200 per push: within 1 MiB
      pushLabelled(now, from, 200);
    }
    assertThat(await("{app=\"x\"}", 200)).isTrue();
    assertThat(await("{app=\"long\"}", "\"a{90000}\"", 30)).isTrue();
    assertThat(await("{app=\"labelled\"}", "\"line\"", LABELLED_STREAMS)).isTrue();
  }

  /** Streams {@code from} to {@code from + count} of {@code app="labelled"}, one line each. */
  private static void pushLabelled(long now, int from, int count) throws Exception {
    StringBuilder streams = new StringBuilder();
    for (int i = from; i < from + count; i++) {
      streams
          .append(i == from ? "" : ",")
          .append("{\"stream\":{\"app\":\"labelled\",\"pod\":\"")
          .append("p".repeat(1_990))
          .append(String.format("%08d", i))
          .append("\"},\"values\":[[\"")
          .append(now - 1_000_000L)
          .append("\",\"line\"]]}");
    }
    HttpResponse<String> pushed = push("{\"streams\":[" + streams + "]}");
    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(204);
  }

  private static HttpResponse<String> push(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(running.httpBase() + "/loki/api/v1/push"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  private static HttpResponse<String> queryRange(String logql) throws Exception {
    String form =
        "query="
            + URLEncoder.encode(logql, UTF_8)
            + "&start="
            + startNanos
            + "&end="
            + (System.currentTimeMillis() * 1_000_000L + 60_000_000_000L)
            + "&limit=1000&direction=forward";
    return http.send(
        HttpRequest.newBuilder(URI.create(running.httpBase() + "/loki/api/v1/query_range"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits (bounded) until the query returns {@code lines} lines. */
  private static boolean await(String logql, int lines) throws Exception {
    return await(logql, "\"a{28} line \\d+\"", lines);
  }

  /** Waits (bounded) until the query returns {@code lines} lines matching {@code line} (a java.util.regex). */
  private static boolean await(String logql, String line, int lines) throws Exception {
    for (int attempt = 0; attempt < 200; attempt++) {
      HttpResponse<String> response = queryRange(logql);
      if (response.statusCode() == 200 && count(response.body(), line) == lines) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String repeat(String text, int times) {
    return String.join("", Collections.nCopies(times, text));
  }

  private static void assertLokiError(HttpResponse<String> response, int status, String limit)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(response.body()).contains("(" + limit + ")").endsWith("\n");
    assertServerStaysUp();
  }

  private static void assertServerStaysUp() throws Exception {
    assertThat(running.get("/ready").statusCode()).isEqualTo(200);
    assertThat(await("{app=\"x\"}", 200)).isTrue();
  }

  @Test
  void doublingLineFormatStagesAreRefusedNamingTheLimit() throws Exception {
    String query = "{app=\"x\"}" + repeat(" | line_format \"{{__line__}}{{__line__}}\"", 26);
    assertLokiError(queryRange(query), 400, "max_formatted_line_size");
  }

  @Test
  void tenThousandNestedParentheses() throws Exception {
    String query = repeat("(", 10_000) + "count_over_time({app=\"x\"}[1m])" + repeat(")", 10_000);
    HttpResponse<String> response = queryRange(query);
    assertLokiError(response, 400, "max_query_depth");
    assertThat(response.body()).startsWith("parse error at line 1, col ");
  }

  @Test
  void tenThousandNestedSums() throws Exception {
    String query =
        repeat("sum(", 10_000) + "count_over_time({app=\"x\"}[1m])" + repeat(")", 10_000);
    assertLokiError(queryRange(query), 400, "max_query_depth");
  }

  @Test
  void aHundredThousandTermsOfOnePlusOne() throws Exception {
    assertLokiError(queryRange("1" + repeat("+1", 99_999)), 400, "max_query_size");
  }

  @Test
  void twoThousandCountOverTimeJoinedByPlus() throws Exception {
    String term = "count_over_time({app=\"x\"}[1m])";
    assertLokiError(queryRange(term + repeat("+" + term, 1_999)), 400, "max_query_depth");
  }

  @Test
  void aRegexThatBacktracksCatastrophicallyInJavaIsAnsweredAtOnce() throws Exception {
    // (.*a){20}$x made java.util.regex backtrack for hours on these lines; RE2 matches in linear
    // time
    HttpResponse<String> response = queryRange("{app=\"x\"} |~ \"(.*a){20}$x\"");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("\"result\":[]");
    assertServerStaysUp();
  }

  @Test
  void aLongRegexMatchTimesOutAndStopsWorking() throws Exception {
    HttpResponse<String> response = queryRange("{app=\"long\"} |~ \"[a-z]{1000}[0-9]\"");
    assertTimedOutAndStoppedWorking(response);
  }

  /**
   * The answer is Loki's 504 {@code query_timeout}, and the work stops too: no query is being worked on any more,
   * and the threads that ran it go quiet (two cores still matching would burn ~2 s of CPU per second).
   */
  private static void assertTimedOutAndStoppedWorking(HttpResponse<String> response)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
    assertThat(response.body()).contains("query_timeout");
    awaitRunningQueries("loki", 0);
    long before = queryThreadsCpuNanos();
    Thread.sleep(1_000);
    long burnt = queryThreadsCpuNanos() - before;
    assertThat(burnt)
        .as("CPU nanoseconds of the query threads in the second after the answer")
        .isLessThan(300_000_000L);
    assertServerStaysUp();
  }

  /** A metric query (range aggregation over the same long lines) stops at the time-out like a log query. */
  @Test
  void aMetricQueryTimesOutAndStopsWorking() throws Exception {
    HttpResponse<String> response =
        queryRange("sum(count_over_time({app=\"long\"} |~ \"[a-z]{1000}[0-9]\" [1m]))");
    assertTimedOutAndStoppedWorking(response);
  }

  /**
   * A selector regex is matched against the label values of every stream it may pick, in the log store's label
   * index: over hundreds of long values it outlasts the time-out, and must stop there too.
   */
  @Test
  void aSelectorRegexOverManyStreamsTimesOutAndStopsWorking() throws Exception {
    HttpResponse<String> response =
        queryRange("{app=\"labelled\", pod=~\".*[a-z]{1000}[0-9]{9}\"}");
    assertTimedOutAndStoppedWorking(response);
  }

  /**
   * The metadata endpoints parse their selectors within the configured query limits, like queries: a depth the
   * defaults would allow is refused here with the configured limit's name.
   */
  @Test
  void labelsSeriesAndIndexStatsParseWithTheConfiguredLimits() throws Exception {
    String deep =
        repeat("sum(", MAX_QUERY_DEPTH + 8)
            + "count_over_time({app=\"x\"}[1m])"
            + repeat(")", MAX_QUERY_DEPTH + 8);
    for (String endpoint :
        List.of(
            "/loki/api/v1/series?match[]=",
            "/loki/api/v1/labels?query=",
            "/loki/api/v1/label/app/values?query=",
            "/loki/api/v1/index/stats?query=")) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(running.httpBase() + endpoint + URLEncoder.encode(deep, UTF_8)))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(endpoint + ": " + response.body()).isEqualTo(400);
      assertThat(response.body()).as(endpoint).contains("(max_query_depth)");
    }
    assertServerStaysUp();
  }

  /** Polls /metrics (bounded) until tracemate_queries_running{api} has the value. */
  private static void awaitRunningQueries(String api, int expected) throws Exception {
    Pattern gauge =
        Pattern.compile(
            "^tracemate_queries_running\\{api=\"" + api + "\"} (\\S+)$", Pattern.MULTILINE);
    String last = "";
    for (int attempt = 0; attempt < 100; attempt++) {
      last = running.get("/metrics").body();
      Matcher m = gauge.matcher(last);
      if (m.find() && Double.parseDouble(m.group(1)) == expected) {
        return;
      }
      Thread.sleep(50);
    }
    Matcher m = gauge.matcher(last);
    throw new AssertionError(
        "tracemate_queries_running{api=\""
            + api
            + "\"} never became "
            + expected
            + ": "
            + (m.find() ? m.group() : "absent"));
  }

  /** CPU time of the threads LogQL queries run on: Armeria's blocking task executor and the engine's pool. */
  private static long queryThreadsCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null
          && (info.getThreadName().startsWith("logql-")
              || info.getThreadName().startsWith("armeria-common-blocking-tasks"))) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        total += Math.max(0, cpu);
      }
    }
    return total;
  }
}
