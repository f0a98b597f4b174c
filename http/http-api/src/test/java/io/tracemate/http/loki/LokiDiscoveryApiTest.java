package io.tracemate.http.loki;

import static io.tracemate.http.loki.DiscoveryTestData.BILLING_TEXT;
import static io.tracemate.http.loki.DiscoveryTestData.CHECKOUT_JSON;
import static io.tracemate.http.loki.DiscoveryTestData.CHECKOUT_LOGFMT;
import static io.tracemate.http.loki.DiscoveryTestData.ago;
import static io.tracemate.http.loki.DiscoveryTestData.bytes;
import static io.tracemate.http.loki.LokiTestData.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Volume, patterns, detected fields and detected labels over HTTP, against the real engine and an in-memory store
 * holding {@link DiscoveryTestData}; each case sends what Grafana's Logs Drilldown sends.
 */
class LokiDiscoveryApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final InMemoryLogStore STORE = new InMemoryLogStore();
  private static final LogReader READER = STORE.reader();
  private static final String START = "2025-12-31T23:00:00.000Z";
  private static final String END = "2026-01-01T00:00:00.000Z";
  private static final long END_SECONDS = NOW.getEpochSecond();

  @RegisterExtension
  static final ServerExtension SERVER =
      LokiTestData.server(
          READER,
          new EngineLimits(
              5000, 500, 0, Duration.ofSeconds(30), Duration.ofDays(7), Duration.ofHours(1), 4),
          new LogTailHub(),
          new QueryCostRecorder());

  @BeforeAll
  static void fill() {
    DiscoveryTestData.fill(STORE);
  }

  private static BlockingWebClient client() {
    return WebClient.of(SERVER.httpUri()).blocking();
  }

  private static QueryParams params(String... namesAndValues) {
    QueryParamsBuilder builder = QueryParams.builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      builder.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return builder.build();
  }

  private static AggregatedHttpResponse get(String path, String... namesAndValues) {
    return client().get(path + "?" + params(namesAndValues).toQueryString());
  }

  /** {@code path?query=…&start=START&end=END} (the test data's hour) and any more names and values. */
  private static AggregatedHttpResponse getInWindow(
      String path, String query, String... moreNamesAndValues) {
    List<String> namesAndValues =
        new ArrayList<>(List.of("query", query, "start", START, "end", END));
    namesAndValues.addAll(List.of(moreNamesAndValues));
    return get(path, namesAndValues.toArray(String[]::new));
  }

  private static JsonNode ok(AggregatedHttpResponse response) throws Exception {
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo(MediaType.JSON_UTF_8);
    return JSON.readTree(response.contentUtf8());
  }

  private static void assertError(
      AggregatedHttpResponse response, int status, String messageStart) {
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo(MediaType.PLAIN_TEXT_UTF_8);
    assertThat(response.contentUtf8()).startsWith(messageStart);
  }

  // ---- volume ----

  @Test
  void volumeRanksServicesAsTheDrilldownServicePageAsks() throws Exception {
    // logs-drilldown 4418b4d (v2.5.1) src/services/datasource.ts getVolume
    JsonNode body =
        ok(getInWindow("/loki/api/v1/index/volume", "{service_name=~\".+\"}", "limit", "5000"));
    assertThat(body.path("status").asText()).isEqualTo("success");
    assertThat(body.path("data").path("resultType").asText()).isEqualTo("vector");
    assertThat(body.path("data").path("result"))
        .isEqualTo(
            JSON.readTree(
                """
        [{"metric":{"service_name":"checkout"},"value":[%d,"%d"]},
         {"metric":{"service_name":"billing"},"value":[%d,"%d"]}]"""
                    .formatted(
                        END_SECONDS,
                        bytes(CHECKOUT_JSON) + bytes(CHECKOUT_LOGFMT),
                        END_SECONDS,
                        bytes(BILLING_TEXT))));
    assertThat(body.path("data").path("stats").path("summary").isObject()).isTrue();
  }

  @Test
  void volumeAggregatesByTargetLabelsOrByLabelNames() throws Exception {
    JsonNode byLevel =
        ok(
            getInWindow(
                "/loki/api/v1/index/volume", "{namespace=\"shop\"}", "targetLabels", "level"));
    assertThat(byLevel.at("/data/result"))
        .isEqualTo(
            JSON.readTree(
                """
        [{"metric":{"level":"info"},"value":[%d,"%d"]},{"metric":{"level":"error"},"value":[%d,"%d"]}]"""
                    .formatted(
                        END_SECONDS,
                        bytes(CHECKOUT_JSON) + bytes(BILLING_TEXT),
                        END_SECONDS,
                        bytes(CHECKOUT_LOGFMT))));

    long all = bytes(CHECKOUT_JSON) + bytes(CHECKOUT_LOGFMT) + bytes(BILLING_TEXT);
    JsonNode byName =
        ok(
            getInWindow(
                "/loki/api/v1/index/volume", "{service_name=~\".+\"}", "aggregateBy", "labels"));
    List<String> names = new ArrayList<>();
    for (JsonNode series : byName.at("/data/result")) {
      series.path("metric").fieldNames().forEachRemaining(names::add);
      assertThat(series.path("metric").elements().next().asText()).isEmpty();
      assertThat(series.path("value").path(1).asText()).isEqualTo(Long.toString(all));
    }
    assertThat(names).containsExactly("level", "namespace", "pod", "service_name", "shard");

    JsonNode limited = ok(getInWindow("/loki/api/v1/index/volume", "{}", "limit", "1"));
    assertThat(limited.at("/data/result")).hasSize(1);
    assertThat(limited.at("/data/result/0/metric/pod").asText()).isEqualTo("checkout-1");
    assertThat(limited.at("/data/result/0/metric").size()).as("{} keeps every label").isEqualTo(5);
  }

  @Test
  void volumeRangeGivesOnePointPerStepBucket() throws Exception {
    JsonNode body =
        ok(getInWindow("/loki/api/v1/index/volume_range", "{service_name=~\".+\"}", "step", "10m"));
    assertThat(body.at("/data/resultType").asText()).isEqualTo("matrix");
    // Buckets are aligned to the step and end 1 ms before the next one starts (Loki's split gap).
    assertThat(body.at("/data/result"))
        .isEqualTo(
            JSON.readTree(
                """
        [{"metric":{"service_name":"checkout"},"values":[[%s,"%d"],[%s,"%d"]]},
         {"metric":{"service_name":"billing"},"values":[[%s,"%d"]]}]"""
                    .formatted(
                        seconds(ago(40) - 1_000_000),
                        bytes(CHECKOUT_JSON),
                        seconds(ago(30) - 1_000_000),
                        bytes(CHECKOUT_LOGFMT),
                        seconds(ago(20) - 1_000_000),
                        bytes(BILLING_TEXT))));
  }

  private static String seconds(long nanos) {
    return java.math.BigDecimal.valueOf(nanos / 1_000_000, 3).stripTrailingZeros().toPlainString();
  }

  @Test
  void volumeRefusesWhatLokiRefuses() {
    assertError(
        get("/loki/api/v1/index/volume", "start", START, "end", END),
        400,
        "invalid parameter 'query'");
    assertError(
        get("/loki/api/v1/index/volume", "query", "{app=\"x\"}", "aggregateBy", "pods"),
        400,
        "invalid aggregation option");
    assertError(
        get("/loki/api/v1/index/volume", "query", "{app=\"x\"}", "limit", "-1"),
        400,
        "limit must be a positive value");
    assertError(
        getInWindow("/loki/api/v1/index/volume_range", "{app=\"x\"}", "step", "0.1"),
        400,
        "exceeded maximum resolution of 11,000 points");
    assertError(
        get(
            "/loki/api/v1/index/volume",
            "query",
            "{app=\"x\"}",
            "start",
            "2025-01-01T00:00:00Z",
            "end",
            END),
        400,
        "the query time range exceeds the limit");
  }

  // ---- detected labels ----

  @Test
  void detectedLabelsOfEveryStreamLeaveIdLikeLabelsOut() throws Exception {
    // logs-drilldown 4418b4d src/Components/ServiceSelectionScene/ServiceSelectionTabsScene.tsx:
    // empty query
    JsonNode all = ok(getInWindow("/loki/api/v1/detected_labels", ""));
    assertThat(all)
        .isEqualTo(
            JSON.readTree(
                """
        {"detectedLabels":[{"label":"level","cardinality":2},{"label":"namespace","cardinality":1},
          {"label":"pod","cardinality":3},{"label":"service_name","cardinality":2}]}"""));
    JsonNode checkout =
        ok(getInWindow("/loki/api/v1/detected_labels", "{service_name=\"checkout\"}"));
    assertThat(checkout.path("detectedLabels").findValuesAsText("label"))
        .containsExactly("level", "namespace", "pod", "service_name");
    assertThat(ok(getInWindow("/loki/api/v1/detected_labels", "{service_name=\"none\"}")))
        .isEqualTo(JSON.readTree("{}"));
  }

  @Test
  void idLikeLabelRule() {
    assertThat(DetectedLabelsApi.looksLikeIds(java.util.Set.of("1", "2", "3"))).isTrue();
    assertThat(DetectedLabelsApi.looksLikeIds(java.util.Set.of("0", "1"))).isFalse();
    assertThat(DetectedLabelsApi.looksLikeIds(java.util.Set.of("7"))).isTrue();
    assertThat(
            DetectedLabelsApi.looksLikeIds(
                java.util.Set.of("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "1.5")))
        .isTrue();
    assertThat(DetectedLabelsApi.looksLikeIds(java.util.Set.of("eu-1", "2"))).isFalse();
  }

  // ---- detected fields ----

  @Test
  void detectedFieldsOfJsonLogfmtAndStructuredMetadata() throws Exception {
    // grafana LanguageProvider.ts fetchDetectedFields (01c4a16): start, end, limit=1000, query
    JsonNode body =
        ok(
            get(
                "/loki/api/v1/detected_fields",
                "end",
                ns(ago(0)),
                "limit",
                "1000",
                "query",
                "{service_name=\"checkout\"}",
                "start",
                ns(ago(60))));
    assertThat(body.path("limit").asInt()).isEqualTo(1000);
    assertThat(body.path("fields"))
        .isEqualTo(
            JSON.readTree(
                """
        [{"label":"amount","type":"float","cardinality":10,"parsers":["json"],"jsonPath":["amount"]},
         {"label":"code","type":"int","cardinality":2,"parsers":["logfmt"]},
         {"label":"level_extracted","type":"string","cardinality":1,"parsers":["logfmt"]},
         {"label":"msg","type":"string","cardinality":11,"parsers":["logfmt","json"],"jsonPath":["msg"]},
         {"label":"size","type":"bytes","cardinality":3,"parsers":["json"],"jsonPath":["size"]},
         {"label":"took","type":"duration","cardinality":10,"parsers":["json"],"jsonPath":["took"]},
         {"label":"trace_id","type":"string","cardinality":1,"parsers":null},
         {"label":"user","type":"string","cardinality":4,"parsers":["logfmt"]},
         {"label":"user_id","type":"string","cardinality":4,"parsers":["json"],"jsonPath":["user","id"]},
         {"label":"user_tier","type":"string","cardinality":1,"parsers":["json"],"jsonPath":["user","tier"]}]"""));
  }

  @Test
  void detectedFieldsSeeWhatTheDrilldownQueryParses() throws Exception {
    // logs-drilldown 4418b4d DETECTED_FIELD_VALUES_EXPR with parsers on and no filters
    JsonNode body =
        ok(
            getInWindow(
                "/loki/api/v1/detected_fields",
                "{service_name=\"checkout\"}      | json  | logfmt | drop __error__, __error_details__  "));
    assertThat(body.path("fields").findValuesAsText("label"))
        .contains("amount", "code", "msg", "user_id")
        .doesNotContain("__error__", "service_name", "level");
    JsonNode filtered =
        ok(
            getInWindow(
                "/loki/api/v1/detected_fields",
                "{service_name=\"checkout\"} | logfmt | code=\"402\""));
    assertThat(filtered.path("fields").findValuesAsText("label"))
        .containsExactly("code", "level_extracted", "msg", "user");
    assertThat(ok(getInWindow("/loki/api/v1/detected_fields", "{service_name=\"billing\"}")))
        .as("plain text has no fields")
        .isEqualTo(JSON.readTree("{}"));
    JsonNode two =
        ok(
            getInWindow(
                "/loki/api/v1/detected_fields", "{service_name=\"checkout\"}", "field_limit", "2"));
    assertThat(two.path("fields")).hasSize(2);
    assertThat(two.path("limit").asInt()).isEqualTo(2);
  }

  @Test
  void detectedFieldValuesAsTheLanguageProviderAsksForThem() throws Exception {
    // grafana LanguageProvider.ts fetchDetectedLabelValues (01c4a16): detected_field/{name}/values,
    // limit 1000
    assertThat(
            ok(
                getInWindow(
                    "/loki/api/v1/detected_field/size/values",
                    "{service_name=\"checkout\"}",
                    "limit",
                    "1000")))
        .isEqualTo(
            JSON.readTree(
                """
        {"limit":1000,"values":["1.5kB","2.0kB","512B"]}"""));
    assertThat(
            ok(getInWindow(
                    "/loki/api/v1/detected_field/user_id/values", "{service_name=\"checkout\"}"))
                .path("values"))
        .isEqualTo(JSON.readTree("[\"u-0\",\"u-1\",\"u-2\",\"u-3\"]"));
    assertThat(
            ok(getInWindow(
                    "/loki/api/v1/detected_field/trace_id/values", "{service_name=\"checkout\"}"))
                .path("values")
                .get(0)
                .asText())
        .isEqualTo(DiscoveryTestData.TRACE);
    assertThat(
            ok(
                getInWindow(
                    "/loki/api/v1/detected_field/nope/values", "{service_name=\"checkout\"}")))
        .isEqualTo(JSON.readTree("{}"));
  }

  @Test
  void detectedFieldsRefuseWhatLokiRefuses() {
    assertError(
        get("/loki/api/v1/detected_fields", "start", START, "end", END),
        400,
        "invalid parameter 'query'");
    assertError(
        get("/loki/api/v1/detected_fields", "query", "sum(rate({a=\"b\"}[1m]))"),
        400,
        "parse error");
    assertError(
        get("/loki/api/v1/detected_fields", "query", "{a=\"b\"}", "line_limit", "5001"),
        400,
        "max entries limit per query exceeded, limit > max_entries_limit (5001 > 5000)");
    assertError(
        get("/loki/api/v1/detected_fields", "query", "{a=\"b\"}", "limit", "0"),
        400,
        "limit must be a positive value");
  }

  // ---- patterns ----

  @Test
  void patternsAsTheDrilldownPatternsTabAsksForThem() throws Exception {
    // logs-drilldown 4418b4d src/services/datasource.ts getPatterns: end, query, start,
    // step=request.interval
    JsonNode body =
        ok(getInWindow("/loki/api/v1/patterns", "{service_name=\"billing\"}", "step", "1m"));
    List<String> samples = new ArrayList<>();
    for (int minutesAgo = 30; minutesAgo >= 25; minutesAgo--) {
      samples.add("[" + (END_SECONDS - minutesAgo * 60L) + ",1]");
    }
    assertThat(body)
        .isEqualTo(
            JSON.readTree(
                """
        {"status":"success","data":[{"pattern":"invoice <_> sent to customer <_>","level":"info",
          "samples":[%s]}]}"""
                    .formatted(String.join(",", samples))));
  }

  @Test
  void everyPatternFiltersExactlyTheLinesItCounts() throws Exception {
    JsonNode body =
        ok(
            postForm(
                "/loki/api/v1/patterns",
                "query",
                "{service_name=\"checkout\"}",
                "start",
                START,
                "end",
                END,
                "step",
                "5m"));
    JsonNode data = body.path("data");
    assertThat(data.findValuesAsText("pattern"))
        .containsExactly(
            "<_>order <_> placed by <_>", "level=error msg=\"payment declined\" code=<_> user=<_>");
    assertThat(data.findValuesAsText("level")).containsExactly("info", "error");
    for (JsonNode series : data) {
      long counted = 0;
      for (JsonNode sample : series.path("samples")) {
        assertThat(sample.path(0).asLong() % 300).as("aligned to the step").isZero();
        counted += sample.path(1).asLong();
      }
      JsonNode matched =
          ok(
              getInWindow(
                  "/loki/api/v1/query_range",
                  "{service_name=\"checkout\"} |> \""
                      + series.path("pattern").asText().replace("\\", "\\\\").replace("\"", "\\\"")
                      + "\"",
                  "limit",
                  "1000"));
      long lines = 0;
      for (JsonNode stream : matched.at("/data/result")) {
        lines += stream.path("values").size();
      }
      assertThat(lines).as(series.path("pattern").asText()).isEqualTo(counted);
    }
  }

  @Test
  void patternsRefuseWhatLokiRefuses() throws Exception {
    assertError(get("/loki/api/v1/patterns", "query", "{}"), 400, "parse error");
    assertError(
        getInWindow("/loki/api/v1/patterns", "{a=\"b\"}", "step", "0"),
        400,
        "zero or negative query resolution step widths are not accepted");
    assertThat(ok(getInWindow("/loki/api/v1/patterns", "{service_name=\"none\"}")))
        .isEqualTo(JSON.readTree("{\"status\":\"success\",\"data\":[]}"));
  }

  @Test
  void drilldownLimitsSayWhatTracemateEnforces() throws Exception {
    JsonNode body = ok(client().get("/loki/api/v1/drilldown-limits"));
    assertThat(body.at("/limits/max_entries_limit_per_query").asInt()).isEqualTo(5000);
    assertThat(body.at("/limits/max_query_length").asText()).isEqualTo("1w");
    assertThat(body.path("pattern_ingester_enabled").asBoolean()).isTrue();
    assertThat(body.path("version").isTextual()).isTrue();
  }

  private static AggregatedHttpResponse postForm(String path, String... namesAndValues) {
    return client()
        .execute(
            RequestHeaders.of(
                HttpMethod.POST, path, HttpHeaderNames.CONTENT_TYPE, MediaType.FORM_DATA),
            params(namesAndValues).toQueryString());
  }

  private static String ns(long nanos) {
    return Long.toString(nanos);
  }
}
