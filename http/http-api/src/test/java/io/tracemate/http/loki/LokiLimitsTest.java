package io.tracemate.http.loki;

import static io.tracemate.http.loki.LokiTestData.MINUTE;
import static io.tracemate.http.loki.LokiTestData.NOW_NANOS;
import static io.tracemate.http.loki.LokiTestData.ns;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.memory.InMemoryLogStore;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Each query limit answers with a clear error naming it; each case runs its own server with its own limits. */
class LokiLimitsTest {
  static final EngineLimits DEFAULTS = EngineLimits.defaults();

  static EngineLimits limits(int maxSeries, long maxBytes, Duration timeout) {
    return new EngineLimits(
        DEFAULTS.maxEntries(),
        maxSeries,
        maxBytes,
        timeout,
        DEFAULTS.maxRange(),
        DEFAULTS.splitInterval(),
        DEFAULTS.parallelism());
  }

  /** Servers started by the tests, stopped together at the end (stopping one takes a moment). */
  static final List<Server> SERVERS = new ArrayList<>();

  @AfterAll
  static void stopServers() {
    CompletableFuture.allOf(SERVERS.stream().map(Server::stop).toArray(CompletableFuture[]::new))
        .join();
  }

  static AggregatedHttpResponse query(EngineLimits limits, LogReader reader, String pathAndQuery) {
    ServerBuilder sb =
        Server.builder().http(0).gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO);
    LokiTestData.queryApi(reader, limits, new LogTailHub(), new QueryCostRecorder()).addTo(sb);
    Server server = sb.build();
    SERVERS.add(server);
    server.start().join();
    return WebClient.of("http://127.0.0.1:" + server.activeLocalPort())
        .blocking()
        .get(pathAndQuery);
  }

  static LogReader testData() {
    InMemoryLogStore store = new InMemoryLogStore();
    LokiTestData.fill(store);
    return store.reader();
  }

  static String rangeQuery(String logql, long start, String... extra) {
    StringBuilder path =
        new StringBuilder("/loki/api/v1/query_range?query=")
            .append(java.net.URLEncoder.encode(logql, java.nio.charset.StandardCharsets.UTF_8))
            .append("&start=")
            .append(ns(start))
            .append("&end=")
            .append(ns(NOW_NANOS));
    for (int i = 0; i < extra.length; i += 2) {
      path.append('&').append(extra[i]).append('=').append(extra[i + 1]);
    }
    return path.toString();
  }

  static void assertText(
      AggregatedHttpResponse response,
      int status,
      Function<String, Boolean> check,
      String expected) {
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo(MediaType.PLAIN_TEXT_UTF_8);
    assertThat(check.apply(response.contentUtf8()))
        .as(response.contentUtf8() + " should have " + expected)
        .isTrue();
  }

  @Test
  void maxEntriesPerQuery() {
    AggregatedHttpResponse response =
        query(
            DEFAULTS,
            testData(),
            rangeQuery("{app=\"api\"}", NOW_NANOS - 60 * MINUTE, "limit", "5001"));
    assertText(
        response,
        400,
        body ->
            body.startsWith("max entries limit per query exceeded")
                && body.contains("(5001 > 5000)"),
        "Loki's max entries message");
  }

  @Test
  void maxQueryLength() {
    AggregatedHttpResponse response =
        query(
            DEFAULTS,
            testData(),
            rangeQuery("{app=\"api\"}", NOW_NANOS - Duration.ofDays(31).toNanos(), "step", "1h"));
    assertText(
        response,
        400,
        body ->
            body.startsWith(
                    "the query time range exceeds the limit (query length: 4w3d, limit: 4w2d)")
                && body.contains("max_query_length"),
        "the length and the limit");
  }

  @Test
  void maxSeries() {
    AggregatedHttpResponse response =
        query(
            limits(1, 0, DEFAULTS.timeout()),
            testData(),
            "/loki/api/v1/query?time="
                + ns(NOW_NANOS)
                + "&query="
                + java.net.URLEncoder.encode(
                    "count_over_time({env=\"prod\"}[1h])",
                    java.nio.charset.StandardCharsets.UTF_8));
    assertText(
        response,
        400,
        body ->
            body.startsWith("maximum number of series (1) reached for a single query")
                && body.contains("max_query_series"),
        "Loki's max series message");
  }

  @Test
  void maxBytesScanned() {
    AggregatedHttpResponse response =
        query(
            limits(DEFAULTS.maxSeries(), 10, DEFAULTS.timeout()),
            testData(),
            rangeQuery("{env=\"prod\"}", NOW_NANOS - 60 * MINUTE));
    assertText(
        response,
        400,
        body ->
            body.startsWith("the query would read too many bytes")
                && body.contains("max_query_bytes_read"),
        "Loki's bytes message");
  }

  @Test
  void timeoutIsAGatewayTimeout() {
    InMemoryLogStore store = new InMemoryLogStore();
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      entries.add(new LogEntry(NOW_NANOS - (i + 1) * 1_000_000L, "line " + i));
    }
    store.writer().write(0, "fake", List.of(new LogStream(LabelSet.of("app", "busy"), entries)));
    // 1 ns: the deadline has passed by the time the engine first checks it
    AggregatedHttpResponse response =
        query(
            limits(DEFAULTS.maxSeries(), 0, Duration.ofNanos(1)),
            store.reader(),
            rangeQuery("{app=\"busy\"}", NOW_NANOS - MINUTE, "limit", "1000"));
    assertText(response, 504, body -> body.contains("query_timeout"), "the timeout named");
  }
}
