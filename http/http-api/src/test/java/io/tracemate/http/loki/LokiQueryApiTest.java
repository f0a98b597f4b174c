package io.tracemate.http.loki;

import static io.tracemate.http.loki.LokiTestData.MINUTE;
import static io.tracemate.http.loki.LokiTestData.NOW;
import static io.tracemate.http.loki.LokiTestData.NOW_NANOS;
import static io.tracemate.http.loki.LokiTestData.ORDERS;
import static io.tracemate.http.loki.LokiTestData.PAY;
import static io.tracemate.http.loki.LokiTestData.RESET;
import static io.tracemate.http.loki.LokiTestData.SLOW;
import static io.tracemate.http.loki.LokiTestData.TRACE;
import static io.tracemate.http.loki.LokiTestData.USERS;
import static io.tracemate.http.loki.LokiTestData.ns;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.QueryParamsBuilder;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.memory.InMemoryLogStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every query endpoint over HTTP, against the real engine and an in-memory store holding {@link LokiTestData}. */
class LokiQueryApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final InMemoryLogStore STORE = new InMemoryLogStore();
  static final LogReader READER = STORE.reader();
  static final QueryCostRecorder COSTS = new QueryCostRecorder();

  @RegisterExtension
  static final ServerExtension SERVER =
      LokiTestData.server(READER, EngineLimits.defaults(), new LogTailHub(), COSTS);

  @BeforeAll
  static void fill() {
    LokiTestData.fill(STORE);
  }

  static BlockingWebClient client() {
    return WebClient.of(SERVER.httpUri()).blocking();
  }

  static AggregatedHttpResponse get(String path, String... params) {
    return client().get(path + "?" + query(params).toQueryString());
  }

  static QueryParams query(String... namesAndValues) {
    QueryParamsBuilder builder = QueryParams.builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      builder.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return builder.build();
  }

  /** GET {@code path} with these parameters and one request header (a tenant, Loki's encoding flags). */
  static AggregatedHttpResponse getWithHeader(
      String header, String value, String path, String... params) {
    return client()
        .execute(
            RequestHeaders.builder(HttpMethod.GET, path + "?" + query(params).toQueryString())
                .add(header, value)
                .build());
  }

  static AggregatedHttpResponse postForm(String path, String... params) {
    return client()
        .execute(
            RequestHeaders.of(
                HttpMethod.POST, path, HttpHeaderNames.CONTENT_TYPE, MediaType.FORM_DATA),
            query(params).toQueryString());
  }

  static JsonNode ok(AggregatedHttpResponse response) throws Exception {
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo(MediaType.JSON_UTF_8);
    return JSON.readTree(response.contentUtf8());
  }

  static JsonNode withoutStats(JsonNode response) {
    JsonNode copy = response.deepCopy();
    ((ObjectNode) copy.get("data")).remove("stats");
    return copy;
  }

  static void assertError(AggregatedHttpResponse response, int status, String message) {
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo(MediaType.PLAIN_TEXT_UTF_8);
    assertThat(response.headers().get("x-content-type-options")).isEqualTo("nosniff");
    assertThat(response.contentUtf8()).isEqualTo(message + "\n");
  }

  static final String LAST_HOUR_START = ns(NOW_NANOS - 60 * MINUTE);

  @Test
  void rangeLogQueryReturnsStreamsNewestFirst() throws Exception {
    JsonNode body =
        ok(
            get(
                "/loki/api/v1/query_range",
                "query",
                "{app=\"api\"} |= \"GET\"",
                "start",
                LAST_HOUR_START,
                "end",
                ns(NOW_NANOS)));
    assertThat(withoutStats(body))
        .isEqualTo(
            JSON.readTree(
                """
        {"status":"success","data":{"resultType":"streams","result":[
          {"stream":{"app":"api","env":"prod","span_id":"00f067aa0ba902b7","trace_id":"%s"},
           "values":[["%s","GET /users 200"]]},
          {"stream":{"app":"api","env":"prod","span_id":"00f067aa0ba902b8","trace_id":"%s"},
           "values":[["%s","GET /orders 500"]]}]}}"""
                    .formatted(
                        TRACE, ns(USERS.timestampNanos()), TRACE, ns(ORDERS.timestampNanos()))));
  }

  @Test
  void categorizeLabelsKeepsStreamLabelsAndMovesMetadataToValues() throws Exception {
    AggregatedHttpResponse response =
        getWithHeader(
            "X-Loki-Response-Encoding-Flags",
            "categorize-labels",
            "/loki/api/v1/query_range",
            "query",
            "{app=\"api\"}",
            "start",
            LAST_HOUR_START,
            "end",
            ns(NOW_NANOS),
            "limit",
            "2");
    assertThat(withoutStats(ok(response)))
        .isEqualTo(
            JSON.readTree(
                """
        {"status":"success","data":{"resultType":"streams","encodingFlags":["categorize-labels"],"result":[
          {"stream":{"app":"api","env":"prod"},"values":[
            ["%s","POST /pay 200",{}],
            ["%s","GET /orders 500",{"structuredMetadata":{"span_id":"00f067aa0ba902b8","trace_id":"%s"}}]]}]}}"""
                    .formatted(ns(PAY.timestampNanos()), ns(ORDERS.timestampNanos()), TRACE)));
  }

  @Test
  void postFormAsGrafanaSendsIt() throws Exception {
    JsonNode body =
        ok(
            postForm(
                "/loki/api/v1/query_range",
                "query",
                "{app=\"db\"} |= \"reset\"",
                "start",
                LAST_HOUR_START,
                "end",
                ns(NOW_NANOS),
                "direction",
                "forward"));
    assertThat(withoutStats(body))
        .isEqualTo(
            JSON.readTree(
                """
        {"status":"success","data":{"resultType":"streams","result":[
          {"stream":{"app":"db","env":"prod"},"values":[["%s","connection reset"]]}]}}"""
                    .formatted(ns(RESET.timestampNanos()))));
  }

  @Test
  void formValuesWinOverTheQueryString() throws Exception {
    JsonNode body =
        ok(
            postForm(
                "/loki/api/v1/query_range?query="
                    + java.net.URLEncoder.encode(
                        "{app=\"api\"}", java.nio.charset.StandardCharsets.UTF_8),
                "query",
                "{app=\"db\"} |= \"reset\"",
                "start",
                LAST_HOUR_START));
    assertThat(body.at("/data/result/0/stream/app").asText()).isEqualTo("db");
  }

  @Test
  void rangeMetricQueryReturnsAMatrix() throws Exception {
    JsonNode body =
        ok(
            get(
                "/loki/api/v1/query_range",
                "query",
                "sum by (app) (count_over_time({app=\"db\"}[30m]))",
                "start",
                ns(NOW_NANOS - 20 * MINUTE),
                "end",
                ns(NOW_NANOS),
                "step",
                "10m"));
    long now = NOW.getEpochSecond();
    assertThat(withoutStats(body))
        .isEqualTo(
            JSON.readTree(
                """
        {"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{"app":"db"},"values":[[%d,"1"],[%d,"1"],[%d,"2"]]}]}}"""
                    .formatted(now - 1200, now - 600, now)));
  }

  /**
   * Grafana's data source health check: an instant {@code vector(1)+vector(1)} with {@code time} = 4 s written in
   * nanoseconds; it needs one sample of value 2. Loki reads a 10-digit time as seconds, and so do we.
   */
  @Test
  void grafanaHealthCheck() throws Exception {
    JsonNode body =
        ok(
            get(
                "/loki/api/v1/query",
                "query",
                "vector(1)+vector(1)",
                "time",
                "4000000000",
                "step",
                "1s"));
    assertThat(withoutStats(body))
        .isEqualTo(
            JSON.readTree(
                """
        {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[4000000000,"2"]}]}}"""));
  }

  @Test
  void instantMetricQueryReturnsAVector() throws Exception {
    JsonNode body =
        ok(
            get(
                "/loki/api/v1/query",
                "query",
                "sum by (app) (count_over_time({env=\"prod\"}[1h]))",
                "time",
                ns(NOW_NANOS)));
    long now = NOW.getEpochSecond();
    assertThat(withoutStats(body))
        .isEqualTo(
            JSON.readTree(
                """
        {"status":"success","data":{"resultType":"vector","result":[
          {"metric":{"app":"api"},"value":[%d,"3"]},{"metric":{"app":"db"},"value":[%d,"2"]}]}}"""
                    .formatted(now, now)));
  }

  @Test
  void statsAndHeadersReportWhatWasScanned() throws Exception {
    AggregatedHttpResponse response =
        get(
            "/loki/api/v1/query_range",
            "query",
            "{app=\"db\"}",
            "start",
            LAST_HOUR_START,
            "end",
            ns(NOW_NANOS));
    JsonNode summary = ok(response).at("/data/stats/summary");
    // both db lines were decoded: "slow query 1200ms" (17 bytes) and "connection reset" (16)
    assertThat(summary.get("totalLinesProcessed").asLong()).isEqualTo(2);
    assertThat(summary.get("totalBytesProcessed").asLong()).isEqualTo(33);
    assertThat(summary.get("totalEntriesReturned").asLong()).isEqualTo(2);
    assertThat(summary.get("splits").asInt()).isEqualTo(1);
    assertThat(response.headers().get(LokiEndpoints.LINES_SCANNED_HEADER)).isEqualTo("2");
    assertThat(response.headers().get(LokiEndpoints.BYTES_SCANNED_HEADER)).isEqualTo("33");
  }

  @Test
  void costIsCountedPerTenant() throws InterruptedException {
    long before = bytesOf("team-b");
    AggregatedHttpResponse response =
        getWithHeader(
            "X-Scope-OrgID",
            "team-b",
            "/loki/api/v1/query_range",
            "query",
            "{app=\"billing\"}",
            "start",
            LAST_HOUR_START,
            "end",
            ns(NOW_NANOS));
    assertThat(response.contentUtf8()).contains("invoice sent");
    assertThat(bytesOf("team-b") - before).isEqualTo("invoice sent".length());
    // Queries are counted when the request log completes, which may be just after the client has
    // the response.
    QueryCostRecorder.QueryCount expected =
        new QueryCostRecorder.QueryCount("team-b", "query_range", 200, 1);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!COSTS.queryCounts().contains(expected) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(COSTS.queryCounts()).contains(expected);
  }

  private static long bytesOf(String tenant) {
    return COSTS.costs().stream()
        .filter(c -> c.tenant().equals(tenant))
        .mapToLong(QueryCostRecorder.TenantCost::bytesScanned)
        .sum();
  }

  @Test
  void tenantsSeeOnlyTheirOwnLogs() throws Exception {
    JsonNode body =
        ok(
            get(
                "/loki/api/v1/query_range",
                "query",
                "{app=\"billing\"}",
                "start",
                LAST_HOUR_START,
                "end",
                ns(NOW_NANOS)));
    assertThat(body.at("/data/result")).isEmpty();
  }

  @Test
  void parseErrorsSayWhere() {
    AggregatedHttpResponse response = get("/loki/api/v1/query_range", "query", "{app=\"api\"} |= ");
    assertThat(response.status().code()).isEqualTo(400);
    assertThat(response.contentType()).isEqualTo(MediaType.PLAIN_TEXT_UTF_8);
    assertThat(response.contentUtf8()).startsWith("parse error at line 1, col ");
  }

  @Test
  void instantLogQueriesAreRefusedAsLokiDoes() {
    assertError(
        get("/loki/api/v1/query", "query", "{app=\"api\"}"),
        400,
        "log queries are not supported as an "
            + "instant query type, please change your query to a range query type");
  }

  @Test
  void badParameters() {
    assertError(
        get("/loki/api/v1/query_range", "query", "{app=\"api\"}", "limit", "abc"),
        400,
        "invalid parameter 'limit': \"abc\" is not an integer");
    assertError(
        get("/loki/api/v1/query_range", "query", "{app=\"api\"}", "direction", "up"),
        400,
        "invalid direction 'up'");
    assertError(
        get("/loki/api/v1/query_range", "query", "{app=\"api\"}", "start", "soon"),
        400,
        "invalid parameter 'start': \"soon\" is not a timestamp (expected RFC 3339, Unix seconds or Unix "
            + "nanoseconds)");
    assertError(
        get("/loki/api/v1/query_range"),
        400,
        "invalid parameter 'query': a LogQL query is required");
  }

  @Test
  void unknownParametersAreIgnored() throws Exception {
    ok(
        get(
            "/loki/api/v1/query_range",
            "query",
            "{app=\"api\"}",
            "shards",
            "0_of_16",
            "whatever",
            "1"));
  }

  @Test
  void labels() throws Exception {
    assertThat(ok(get("/loki/api/v1/labels", "start", LAST_HOUR_START, "end", ns(NOW_NANOS))))
        .isEqualTo(JSON.readTree("{\"status\":\"success\",\"data\":[\"app\",\"env\"]}"));
    assertThat(
            ok(
                client()
                    .execute(
                        RequestHeaders.builder(HttpMethod.GET, "/loki/api/v1/labels")
                            .add("X-Scope-OrgID", "team-b")
                            .build())))
        .isEqualTo(JSON.readTree("{\"status\":\"success\",\"data\":[\"app\"]}"));
    assertThat(ok(get("/loki/api/v1/labels", "query", "{app=\"nope\"}")))
        .isEqualTo(JSON.readTree("{\"status\":\"success\",\"data\":[]}"));
  }

  @Test
  void labelValues() throws Exception {
    assertThat(ok(get("/loki/api/v1/label/app/values", "start", LAST_HOUR_START)))
        .isEqualTo(JSON.readTree("{\"status\":\"success\",\"data\":[\"api\",\"db\"]}"));
    assertThat(ok(get("/loki/api/v1/label/app/values", "query", "{app=~\"d.*\"}")))
        .isEqualTo(JSON.readTree("{\"status\":\"success\",\"data\":[\"db\"]}"));
    assertThat(ok(postForm("/loki/api/v1/label/env/values")))
        .isEqualTo(JSON.readTree("{\"status\":\"success\",\"data\":[\"prod\"]}"));
  }

  @Test
  void series() throws Exception {
    assertThat(
            ok(
                get(
                    "/loki/api/v1/series",
                    "match[]",
                    "{app=\"api\"}",
                    "start",
                    LAST_HOUR_START,
                    "end",
                    ns(NOW_NANOS))))
        .isEqualTo(
            JSON.readTree(
                "{\"status\":\"success\",\"data\":[{\"app\":\"api\",\"env\":\"prod\"}]}"));
    assertThat(
            ok(
                postForm(
                    "/loki/api/v1/series", "match[]", "{app=\"db\"}", "match[]", "{app=\"api\"}")))
        .isEqualTo(
            JSON.readTree(
                """
            {"status":"success","data":[{"app":"api","env":"prod"},{"app":"db","env":"prod"}]}"""));
  }

  @Test
  void indexStatsIsABareObject() throws Exception {
    assertThat(
            ok(
                get(
                    "/loki/api/v1/index/stats",
                    "query",
                    "{env=\"prod\"}",
                    "start",
                    LAST_HOUR_START,
                    "end",
                    ns(NOW_NANOS))))
        .isEqualTo(JSON.readTree("{\"streams\":2,\"chunks\":2,\"entries\":5,\"bytes\":75}"));
  }

  @Test
  void metadataEndpointsReportSelectorErrors() {
    AggregatedHttpResponse response = get("/loki/api/v1/series", "match[]", "{app=~\".*\"}");
    assertThat(response.status().code()).isEqualTo(400);
    assertThat(response.contentUtf8())
        .contains("queries require at least one regexp or equality matcher");
  }

  @Test
  void formatQuery() throws Exception {
    assertThat(
            ok(
                get(
                    "/loki/api/v1/format_query",
                    "query",
                    "sum by(app)(rate({app=\"api\"}|=\"GET\"[5m]))")))
        .isEqualTo(
            JSON.readTree(
                """
            {"status":"success","data":"sum by (app) (rate({app=\\"api\\"} |= \\"GET\\" [5m]))"}"""));
  }

  @Test
  void buildInfo() throws Exception {
    assertThat(ok(client().get("/loki/api/v1/status/buildinfo")).get("version").asText())
        .isEqualTo("3.0.0");
  }

  @Test
  void logsOfATraceAcrossStreamsOldestFirst() throws Exception {
    assertThat(ok(get("/api/logs/trace/" + TRACE.toUpperCase(java.util.Locale.ROOT))))
        .isEqualTo(
            JSON.readTree(
                """
        {"traceID":"%1$s","spanID":null,"limit":1000,"entries":[
          {"timestamp":"%2$s","stream":{"app":"api","env":"prod"},"line":"GET /users 200",
           "metadata":{"span_id":"00f067aa0ba902b7","trace_id":"%1$s"}},
          {"timestamp":"%3$s","stream":{"app":"db","env":"prod"},"line":"slow query 1200ms",
           "metadata":{"span_id":"00f067aa0ba902b9","trace_id":"%1$s"}},
          {"timestamp":"%4$s","stream":{"app":"api","env":"prod"},"line":"GET /orders 500",
           "metadata":{"span_id":"00f067aa0ba902b8","trace_id":"%1$s"}}]}"""
                    .formatted(
                        TRACE,
                        ns(USERS.timestampNanos()),
                        ns(SLOW.timestampNanos()),
                        ns(ORDERS.timestampNanos()))));
  }

  @Test
  void logsOfOneSpan() throws Exception {
    JsonNode body = ok(get("/api/logs/trace/" + TRACE, "spanID", "f067aa0ba902b9"));
    assertThat(body.get("spanID").asText()).isEqualTo("00f067aa0ba902b9");
    assertThat(body.get("entries")).hasSize(1);
    assertThat(body.at("/entries/0/stream"))
        .isEqualTo(JSON.readTree("{\"app\":\"db\",\"env\":\"prod\"}"));
    assertThat(body.at("/entries/0/line").asText()).isEqualTo(SLOW.line());
  }

  @Test
  void badTraceIds() {
    assertError(
        get("/api/logs/trace/xyz"),
        400,
        "invalid parameter 'traceID': 'x' at position 1 of \"xyz\" is not a hex digit");
    assertError(
        get("/api/logs/trace/" + "0".repeat(32)),
        400,
        "invalid parameter 'traceID': an all-zero ID is invalid");
    assertError(
        get("/api/logs/trace/" + TRACE, "limit", "6000"),
        400,
        "max entries limit per query exceeded, limit > max_entries_limit_per_query (6000 > 5000)");
  }
}
