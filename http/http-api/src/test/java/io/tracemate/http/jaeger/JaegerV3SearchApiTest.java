package io.tracemate.http.jaeger;

import static io.tracemate.http.jaeger.JaegerQueryApiTest.assertJson;
import static io.tracemate.http.jaeger.JaegerQueryApiTest.json;
import static io.tracemate.http.jaeger.TestTraces.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import io.tracemate.http.ApiErrorPages;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import io.tracemate.storage.TraceQuery;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code FindTraceSummaries} and the POST bindings of api_v3 over HTTP, against the in-memory store holding
 * {@link TestTraces}.
 */
class JaegerV3SearchApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final InMemoryTraceStore STORE = new InMemoryTraceStore();
  private static final String MIN = "2024-05-01T10:00:00Z";
  private static final String MAX = "2024-05-01T12:00:00Z";

  /** Trace A as Jaeger's gateway prints its summary: driver has no error span, so its errorSpanCount is left out. */
  private static final String SUMMARY_A =
      """
      {"traceId":"83a9efd15c1c98a977e0711cc93ee28b","rootServiceName":"frontend","rootOperationName":"GET /dispatch",
       "minStartTimeUnixNano":"%d","maxEndTimeUnixNano":"%d","spanCount":3,"errorSpanCount":1,
       "services":[{"name":"driver","spanCount":1},{"name":"frontend","spanCount":2,"errorSpanCount":1}]}"""
          .formatted(T0, T0 + 250_000_999L);

  @RegisterExtension
  static final JaegerApiServer SERVER =
      new JaegerApiServer(STORE, server -> server.errorHandler(new ApiErrorPages()));

  private static BlockingWebClient client() {
    return WebClient.of(SERVER.httpUri()).blocking();
  }

  private static AggregatedHttpResponse get(String path, String... params) {
    return client().get(path + "?" + TestParams.of(params).toQueryString());
  }

  private static AggregatedHttpResponse post(String path, String body) {
    return client()
        .execute(HttpRequest.builder().post(path).content(MediaType.JSON_UTF_8, body).build());
  }

  @BeforeEach
  void fill() {
    STORE.clear();
    STORE.add(TestTraces.all());
  }

  @Test
  void summariesAsTheJaegerUiSearchPageAsksForThem() throws Exception {
    // jaeger-ui c321fb3 (2.20.0) packages/jaeger-ui/src/api/v3/client.ts fetchTraceSummaries
    AggregatedHttpResponse response =
        client()
            .get(
                "/api/v3/trace-summaries?query.serviceName=frontend"
                    + "&query.operationName=GET+%2Fdispatch&query.startTimeMin=2024-05-01T10%3A00%3A00.000Z"
                    + "&query.startTimeMax=2024-05-01T12%3A00%3A00.000Z&query.searchDepth=20&query.durationMin=100ms"
                    + "&query.attributes=%7B%22http.method%22%3A%22GET%22%7D");
    assertJson(response, 200, "{\"summaries\":[" + SUMMARY_A + "]}");
    TraceQuery query = STORE.lastQuery.get();
    assertThat(query.limit()).isEqualTo(20);
    assertThat(query.tags()).containsEntry("http.method", "GET");
    assertThat(query.durationMinNanos()).isEqualTo(100_000_000L);
  }

  @Test
  void everyTraceGetsOneSummaryNewestFirst() throws Exception {
    JsonNode body =
        json(
            get(
                "/api/v3/trace-summaries",
                "query.start_time_min",
                MIN,
                "query.start_time_max",
                MAX));
    assertThat(body.get("summaries").findValuesAsText("traceId"))
        .containsExactly(
            "000000000000000000000000000abcde",
            "83a9efd15c1c98a977e0711cc93ee28b",
            "0000000000000001ffffffffffffffff");
    JsonNode poll = body.get("summaries").get(0);
    assertThat(poll)
        .isEqualTo(
            JSON.readTree(
                """
        {"traceId":"000000000000000000000000000abcde","rootServiceName":"driver","rootOperationName":"poll",
         "minStartTimeUnixNano":"%d","maxEndTimeUnixNano":"%d","spanCount":1,
         "services":[{"name":"driver","spanCount":1}]}"""
                    .formatted(T0 + 1_000_000_000L, T0 + 1_005_000_000L)));
    assertThat(body.get("summaries").get(2).get("rootServiceName").asText())
        .isEqualTo(Resource.UNKNOWN_SERVICE);
  }

  @Test
  void aTraceMissingItsRootCountsOrphansAndIsNamedAfterTheEarliestOne() throws Exception {
    TraceId partial = TraceId.fromHex("5555555555555555aaaaaaaaaaaaaaaa");
    STORE.clear();
    STORE.add(
        List.of(
            orphan(partial, "0000000000000011", "00000000000000ff", T0 + 5_000, T0 + 9_000),
            orphan(partial, "0000000000000012", "0000000000000011", T0 + 6_000, T0 + 7_000),
            orphan(partial, "0000000000000013", "00000000000000fe", T0 + 1_000, T0 + 8_000)
                .toBuilder()
                .name("first step")
                .build()));
    assertJson(
        get("/api/v3/trace-summaries", "query.startTimeMin", MIN, "query.startTimeMax", MAX),
        200,
        """
        {"summaries":[{"traceId":"5555555555555555aaaaaaaaaaaaaaaa","rootServiceName":"driver",
          "rootOperationName":"first step","minStartTimeUnixNano":"%d",
          "maxEndTimeUnixNano":"%d","spanCount":3,"orphanSpanCount":2,
          "services":[{"name":"driver","spanCount":3}]}]}"""
            .formatted(T0 + 1_000, T0 + 9_000));
  }

  private static Span orphan(TraceId trace, String id, String parent, long start, long end) {
    return Span.builder()
        .traceId(trace)
        .spanId(SpanId.fromHex(id))
        .parentSpanId(SpanId.fromHex(parent))
        .name("step")
        .kind(SpanKind.INTERNAL)
        .startEpochNanos(start)
        .endEpochNanos(end)
        .resource(TestTraces.DRIVER)
        .build();
  }

  @Test
  void nothingFoundIsAnEmptyAnswerNotAnError() throws Exception {
    assertJson(
        get(
            "/api/v3/trace-summaries",
            "query.serviceName",
            "nobody",
            "query.startTimeMin",
            MIN,
            "query.startTimeMax",
            MAX),
        200,
        "{}");
  }

  @Test
  void summariesRefuseWhatASearchRefuses() throws Exception {
    assertError(
        get("/api/v3/trace-summaries", "query.serviceName", "driver"),
        400,
        "query.startTimeMin and query.startTimeMax");
    assertError(
        get(
            "/api/v3/trace-summaries",
            "query.startTimeMin",
            MIN,
            "query.startTimeMax",
            MAX,
            "query.filter",
            "{\"op\":\"eq\"}"),
        400,
        "query.filter (the structured query filter) is not supported");
    assertError(
        get(
            "/api/v3/traces",
            "query.startTimeMin",
            MIN,
            "query.startTimeMax",
            MAX,
            "query.filter",
            "{\"op\":\"eq\"}"),
        400,
        "query.filter (the structured query filter) is not supported");
  }

  @Test
  void postBindingsTakeTheRequestMessageInEitherSpelling() throws Exception {
    String camel =
        """
        {"query":{"serviceName":"frontend","operationName":"GET /dispatch","attributes":{"http.method":"GET"},
          "startTimeMin":"2024-05-01T10:00:00Z","startTimeMax":"2024-05-01T12:00:00Z","durationMin":"0.100s",
          "searchDepth":20,"rawTraces":false}}""";
    assertJson(post("/api/v3/trace-summaries", camel), 200, "{\"summaries\":[" + SUMMARY_A + "]}");
    assertThat(STORE.lastQuery.get().durationMinNanos()).isEqualTo(100_000_000L);
    String snake =
        """
        {"query":{"service_name":"driver","start_time_min":"2024-05-01T10:00:00Z",
          "start_time_max":"2024-05-01T12:00:00Z","search_depth":"1"}}""";
    AggregatedHttpResponse traces = post("/api/v3/traces", snake);
    assertThat(traces.status().code()).as(traces.contentUtf8()).isEqualTo(200);
    assertThat(json(traces).at("/result/resourceSpans/0/scopeSpans/0/spans/0/name").asText())
        .isEqualTo("poll");
    assertThat(STORE.lastQuery.get().limit()).isEqualTo(1);
  }

  @Test
  void postBodiesThatAreNotASearchAreRefused() throws Exception {
    assertError(post("/api/v3/traces", "not json"), 400, "malformed request body: not JSON");
    assertError(
        post("/api/v3/traces", "[]"), 400, "malformed request body: expected a JSON object");
    assertError(
        post("/api/v3/traces", "{\"query\":{\"service\":\"x\"}}"),
        400,
        "malformed request body: unknown field 'query.service'");
    assertError(
        post("/api/v3/traces", "{\"query\":{},\"limit\":3}"),
        400,
        "malformed request body: unknown field 'limit'");
    assertError(
        post("/api/v3/trace-summaries", "{\"query\":{\"searchDepth\":true}}"),
        400,
        "malformed request body: 'query.searchDepth' must be a whole number");
    assertError(
        post(
            "/api/v3/trace-summaries",
            "{\"query\":{\"filter\":{\"op\":\"eq\"},"
                + "\"startTimeMin\":\""
                + MIN
                + "\",\"startTimeMax\":\""
                + MAX
                + "\"}}"),
        400,
        "query.filter (the structured query filter) is not supported");
    assertError(
        post("/api/v3/trace-summaries", "{\"query\":{}}"),
        400,
        "query.startTimeMin and query.startTimeMax");
    String huge =
        "{\"query\":{\"serviceName\":\"" + "x".repeat(JaegerV3SearchApi.MAX_BODY_BYTES) + "\"}}";
    assertError(post("/api/v3/trace-summaries", huge), 413, "413 request body too large");
  }

  @Test
  void traceByBase64IdAsProtobufJsonClientsPrintIt() throws Exception {
    String base64 = Base64.getEncoder().encodeToString(TestTraces.TRACE_A.toBytes());
    assertThat(base64).isEqualTo("g6nv0VwcmKl34HEcyT7iiw==");
    AggregatedHttpResponse response = client().get("/api/v3/traces/" + base64);
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
    String urlSafe =
        Base64.getUrlEncoder().withoutPadding().encodeToString(TestTraces.TRACE_A.toBytes());
    assertThat(client().get("/api/v3/traces/" + urlSafe).status().code()).isEqualTo(200);
  }

  private static void assertError(AggregatedHttpResponse response, int status, String messageStart)
      throws Exception {
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo(MediaType.JSON_UTF_8);
    JsonNode error = json(response).get("error");
    assertThat(JaegerTraceJsonTest.fieldNames(error)).containsExactly("httpCode", "message");
    assertThat(error.get("httpCode").asInt()).isEqualTo(status);
    assertThat(error.get("message").asText()).startsWith(messageStart);
  }
}
