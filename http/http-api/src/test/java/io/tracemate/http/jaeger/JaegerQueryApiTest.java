package io.tracemate.http.jaeger;

import static io.tracemate.http.jaeger.TestTraces.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.support.Parameters;
import io.tracemate.model.Attribute;
import io.tracemate.model.Resource;
import io.tracemate.model.Trace;
import io.tracemate.storage.StorageException;
import io.tracemate.storage.TraceQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The v1 API over HTTP, against the in-memory store holding {@link TestTraces}. */
class JaegerQueryApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final InMemoryTraceStore STORE = new InMemoryTraceStore();

  @RegisterExtension static final JaegerApiServer SERVER = new JaegerApiServer(STORE);

  static BlockingWebClient client() {
    return WebClient.of(SERVER.httpUri()).blocking();
  }

  @BeforeEach
  void fill() {
    STORE.clear();
    STORE.add(TestTraces.all());
  }

  static AggregatedHttpResponse get(String path, String... params) {
    String query = params.length == 0 ? "" : "?" + TestParams.of(params).toQueryString();
    return client().get(path + query);
  }

  static JsonNode json(AggregatedHttpResponse response) throws Exception {
    return JSON.readTree(response.contentUtf8());
  }

  static void assertJson(AggregatedHttpResponse response, int status, String expectedJson)
      throws Exception {
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo(MediaType.JSON_UTF_8);
    assertThat(json(response)).isEqualTo(JSON.readTree(expectedJson));
  }

  static void assertBadRequest(AggregatedHttpResponse response, String msgStart) throws Exception {
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(400);
    JsonNode body = json(response);
    assertThat(JaegerTraceJsonTest.fieldNames(body))
        .containsExactly("data", "total", "limit", "offset", "errors");
    assertThat(body.get("data").isNull()).isTrue();
    assertThat(body.get("errors")).hasSize(1);
    assertThat(body.get("errors").get(0).get("code").asInt()).isEqualTo(400);
    assertThat(body.get("errors").get(0).get("msg").asText()).startsWith(msgStart);
  }

  @Test
  void services() throws Exception {
    assertJson(
        get("/api/services"),
        200,
        """
        {"data":["OTLPResourceNoServiceName","driver","frontend"],"total":3,"limit":0,"offset":0,"errors":null}""");
  }

  @Test
  void servicesWhenEmptyIsAnEmptyList() throws Exception {
    STORE.clear();
    assertJson(
        get("/api/services"),
        200,
        """
        {"data":[],"total":0,"limit":0,"offset":0,"errors":null}""");
  }

  @Test
  void legacyOperationsAreUniqueNames() throws Exception {
    assertJson(
        get("/api/services/frontend/operations"),
        200,
        """
        {"data":["GET /dispatch"],"total":1,"limit":0,"offset":0,"errors":null}""");
    assertJson(
        get("/api/services/driver/operations"),
        200,
        """
        {"data":["find driver","poll"],"total":2,"limit":0,"offset":0,"errors":null}""");
  }

  @Test
  void legacyOperationsUnescapeTheServiceName() throws Exception {
    Resource odd = new Resource(List.of(Attribute.of("service.name", "web shop/eu")), 0);
    STORE.add(List.of(TestTraces.bRoot().toBuilder().resource(odd).name("checkout").build()));
    assertJson(
        client().get("/api/services/web%20shop%2Feu/operations"),
        200,
        """
        {"data":["checkout"],"total":1,"limit":0,"offset":0,"errors":null}""");
  }

  @Test
  void operationsWithKinds() throws Exception {
    assertJson(
        get("/api/operations", "service", "frontend"),
        200,
        """
        {"data":[{"name":"GET /dispatch","spanKind":"internal"},{"name":"GET /dispatch","spanKind":"server"}],
         "total":2,"limit":0,"offset":0,"errors":null}""");
    assertJson(
        get("/api/operations", "service", "frontend", "spanKind", "server"),
        200,
        """
        {"data":[{"name":"GET /dispatch","spanKind":"server"}],"total":1,"limit":0,"offset":0,"errors":null}""");
    assertJson(
        get("/api/operations", "service", "driver"),
        200,
        """
        {"data":[{"name":"find driver","spanKind":"client"},{"name":"poll","spanKind":""}],
         "total":2,"limit":0,"offset":0,"errors":null}""");
  }

  @Test
  void operationsNeedAServiceAndAKnownKind() throws Exception {
    assertJson(
        get("/api/operations"),
        400,
        """
        {"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":400,"msg":"parameter 'service' is required"}]}""");
    assertBadRequest(
        get("/api/operations", "service", "frontend", "spanKind", "sideways"),
        "unable to parse param 'spanKind': unknown span kind 'sideways'");
  }

  @Test
  void traceByIdIsTheFullUiModel() throws Exception {
    AggregatedHttpResponse response = get("/api/traces/83a9efd15c1c98a977e0711cc93ee28b");
    assertThat(response.status().code()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(JaegerTraceJsonTest.fieldNames(body))
        .containsExactly("data", "total", "limit", "offset", "errors");
    assertThat(body.get("data")).hasSize(1);
    Trace stored = STORE.trace(TenantScope.DEFAULT, TestTraces.TRACE_A).getFirst().trace();
    assertThat(body.get("data").get(0)).isEqualTo(JaegerTraceJsonTest.render(stored));
    assertThat(body.get("total").asInt()).isZero();
    assertThat(body.get("errors").isNull()).isTrue();
  }

  @Test
  void traceIdsMayBeShortUppercaseOrZeroPadded() throws Exception {
    for (String id :
        List.of("abcde", "ABCDE", "00000000000abcde", "000000000000000000000000000abcde")) {
      AggregatedHttpResponse response = get("/api/traces/" + id);
      assertThat(response.status().code()).as(id).isEqualTo(200);
      assertThat(json(response).get("data").get(0).get("traceID").asText())
          .isEqualTo("00000000000abcde");
    }
  }

  @Test
  void traceTimeHintsAreToleratedInMillisecondsOrMicroseconds() throws Exception {
    long ms = NOW.toEpochMilli();
    assertThat(
            get(
                    "/api/traces/abcde",
                    "start",
                    Long.toString(ms - 3_600_000),
                    "end",
                    Long.toString(ms))
                .status()
                .code())
        .isEqualTo(200);
    assertThat(
            get("/api/traces/abcde", "start", Long.toString(ms * 1000), "raw", "true")
                .status()
                .code())
        .isEqualTo(200);
    assertBadRequest(
        get("/api/traces/abcde", "start", "soon"),
        "unable to parse param 'start': expected a whole number, got 'soon'");
  }

  @Test
  void unknownTraceIsA404Envelope() throws Exception {
    String notFound =
        """
        {"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found"}]}""";
    assertJson(get("/api/traces/123456789abcdef0"), 404, notFound);
    assertJson(get("/api/traces/0"), 404, notFound);
  }

  @Test
  void malformedTraceIdIsA400() throws Exception {
    assertBadRequest(
        get("/api/traces/not-hex"),
        "malformed traceID 'not-hex': 'n' at position 0 is not a hex digit");
    assertBadRequest(
        get("/api/traces/" + "1".repeat(33)),
        "malformed traceID '"
            + "1".repeat(33)
            + "': trace ID must have 1 to 32 hex characters, got 33");
  }

  @Test
  void searchDefaultsToTwoDaysBeforeNowAndTwentyTraces() throws Exception {
    AggregatedHttpResponse response = get("/api/traces", "service", "frontend");
    assertThat(response.status().code()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(traceIds(body)).containsExactly("83a9efd15c1c98a977e0711cc93ee28b");
    assertThat(body.get("data").get(0))
        .isEqualTo(
            JaegerTraceJsonTest.render(
                STORE.trace(TenantScope.DEFAULT, TestTraces.TRACE_A).getFirst().trace()));
    assertThat(body.get("total").asInt()).isZero();
    assertThat(body.get("errors").isNull()).isTrue();

    TraceQuery query = STORE.lastQuery.get();
    long now = Parameters.epochNanos(NOW);
    assertThat(query.startTimeMaxNanos()).isEqualTo(now);
    assertThat(query.startTimeMinNanos()).isEqualTo(now - Duration.ofDays(2).toNanos());
    assertThat(query.limit()).isEqualTo(20);
  }

  @Test
  void searchWithoutServiceAndWithLookback() throws Exception {
    assertThat(search("lookback", "3h"))
        .containsExactly(
            "00000000000abcde",
            "83a9efd15c1c98a977e0711cc93ee28b",
            "0000000000000001ffffffffffffffff");
    assertThat(search("lookback", "1h"))
        .containsExactly("00000000000abcde", "83a9efd15c1c98a977e0711cc93ee28b");
    assertThat(search("lookback", "1h", "limit", "1")).containsExactly("00000000000abcde");
  }

  @Test
  void searchByStartAndEndInMicroseconds() throws Exception {
    long t0Micros = TestTraces.T0 / 1000;
    assertThat(search("start", Long.toString(t0Micros - 10), "end", Long.toString(t0Micros + 10)))
        .containsExactly("83a9efd15c1c98a977e0711cc93ee28b");
    assertThat(STORE.lastQuery.get().startTimeMinNanos()).isEqualTo((t0Micros - 10) * 1000);
  }

  @Test
  void searchByTagsInEverySpelling() throws Exception {
    String a = "83a9efd15c1c98a977e0711cc93ee28b";
    assertThat(search("service", "frontend", "tags", "{\"error\":\"true\"}")).containsExactly(a);
    assertThat(search("service", "driver", "tags", "{\"error\":\"true\"}")).isEmpty();
    assertThat(search("service", "frontend", "tags", "http.method=GET error=true"))
        .containsExactly(a);
    assertThat(search("service", "frontend", "tags", "host.name=\"web-1\"")).containsExactly(a);
    assertThat(
            search(
                "service",
                "frontend",
                "tag",
                "http.status_code:500",
                "tags",
                "{\"span.kind\":\"server\"}"))
        .containsExactly(a);
    assertThat(search("service", "frontend", "tag", "http.status_code:404")).isEmpty();
    assertThat(STORE.lastQuery.get().tags()).containsEntry("http.status_code", "404");
  }

  @Test
  void searchByDuration() throws Exception {
    String a = "83a9efd15c1c98a977e0711cc93ee28b";
    assertThat(search("service", "frontend", "minDuration", "200ms")).containsExactly(a);
    assertThat(search("service", "frontend", "minDuration", "0.3s")).isEmpty();
    // Only the 1 ms grandchild matches; the whole trace comes back.
    JsonNode body = json(get("/api/traces", "service", "frontend", "maxDuration", "2ms"));
    assertThat(traceIds(body)).containsExactly(a);
    assertThat(body.get("data").get(0).get("spans")).hasSize(3);
    assertThat(STORE.lastQuery.get().durationMaxNanos()).isEqualTo(2_000_000L);
  }

  @Test
  void searchesSlowestFirstAndByTheStartOfATraceId() throws Exception {
    // C's root lasted 1,000 s an hour ago, A's 250 ms: the slowest of the window first, however
    // old.
    assertThat(search("orderBy", "duration", "limit", "2", "lookback", "3h"))
        .containsExactly("0000000000000001ffffffffffffffff", "83a9efd15c1c98a977e0711cc93ee28b");
    assertThat(STORE.lastQuery.get().order()).isEqualTo(TraceQuery.Order.LONGEST_FIRST);
    assertThat(search("traceIDPrefix", "83A9EFD"))
        .containsExactly("83a9efd15c1c98a977e0711cc93ee28b");
    assertThat(STORE.lastQuery.get().traceIdPrefix()).isEqualTo("83a9efd");
    assertThat(search("traceIDPrefix", "00000000000abc")).containsExactly("00000000000abcde");
    assertBadRequest(
        get("/api/traces", "orderBy", "size"),
        "unable to parse param 'orderBy': expected 'start' or 'duration', got 'size'");
    assertBadRequest(
        get("/api/traces", "traceIDPrefix", "83a9-efd"), "malformed traceIDPrefix '83a9-efd'");
  }

  @Test
  void searchByTraceIdsReportsTheMissingOnes() throws Exception {
    assertJson(
        get("/api/traces", "traceID", "ffff", "traceID", "0", "traceID", "ffff"),
        200,
        """
        {"data":[],"total":0,"limit":0,"offset":0,"errors":[
          {"msg":"trace not found","traceID":"000000000000ffff"},
          {"msg":"trace not found","traceID":"0000000000000000"}]}""");

    JsonNode body =
        json(
            get(
                "/api/traces",
                "traceID",
                "83A9EFD15C1C98A977E0711CC93EE28B",
                "traceID",
                "abcde",
                "traceID",
                "1ffffffffffffffff",
                "traceID",
                "12345"));
    assertThat(traceIds(body))
        .containsExactly(
            "83a9efd15c1c98a977e0711cc93ee28b",
            "00000000000abcde",
            "0000000000000001ffffffffffffffff");
    assertThat(body.get("errors").toString())
        .isEqualTo("[{\"msg\":\"trace not found\",\"traceID\":\"0000000000012345\"}]");
    // Trace IDs are fetched directly: no search is made.
    assertThat(STORE.lastQuery.get()).isNull();
  }

  @Test
  void searchAsTheJaegerUiSendsIt() throws Exception {
    long end = NOW.toEpochMilli() * 1000;
    long start = end - 3_600_000_000L;
    AggregatedHttpResponse response =
        client()
            .get(
                "/api/traces?end="
                    + end
                    + "&limit=20&lookback=1h"
                    + "&maxDuration&minDuration=&service=frontend&start="
                    + start
                    + "&tags=%7B%22http.method%22%3A%22GET%22%7D");
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
    assertThat(traceIds(json(response))).containsExactly("83a9efd15c1c98a977e0711cc93ee28b");
    TraceQuery query = STORE.lastQuery.get();
    assertThat(query.startTimeMinNanos()).isEqualTo(start * 1000);
    assertThat(query.durationMaxNanos()).isEqualTo(TraceQuery.NO_MAX);
  }

  @Test
  void everyAdvertisedRouteIsBound() {
    for (String route : JaegerQueryApi.ROUTES) {
      String path =
          route
              .replace("{service}", "frontend")
              .replace("{traceID}", "abcde")
              .replace("{trace_id}", "abcde");
      AggregatedHttpResponse response = client().get(path);
      assertThat(response.contentType()).as(path).isEqualTo(MediaType.JSON_UTF_8);
    }
  }

  @Test
  void searchRejectsBadParameters() throws Exception {
    assertBadRequest(
        get("/api/traces", "service", "s", "minDuration", "1 minute"),
        "unable to parse param 'minDuration': time: unknown unit \" minute\" in duration \"1 minute\"");
    assertBadRequest(
        get("/api/traces", "service", "s", "minDuration", "2s", "maxDuration", "1s"),
        "invalid parameter: maxDuration (1s) must not be less than minDuration (2s)");
    assertBadRequest(
        get("/api/traces", "service", "s", "limit", "lots"),
        "unable to parse param 'limit': expected a whole number, got 'lots'");
    assertBadRequest(
        get("/api/traces", "service", "s", "limit", "0"),
        "invalid parameter: limit must be greater than 0");
    assertBadRequest(get("/api/traces", "traceID", "xyz"), "malformed traceID 'xyz'");
    assertBadRequest(
        get("/api/traces", "service", "s", "tags", "{\"a\":"),
        "malformed 'tags' parameter, cannot parse JSON");
    assertBadRequest(
        get("/api/traces", "service", "s", "tag", "novalue"),
        "malformed 'tag' parameter, expecting key:value, received: novalue");
    assertBadRequest(
        get("/api/traces", "service", "s", "start", "20", "end", "10"),
        "invalid parameter: start time (20 µs) must be before end time (10 µs)");
    assertBadRequest(
        get("/api/traces", "operation", "GET /"),
        "parameter 'service' is required when 'operation' is given");
  }

  @Test
  void prettyPrintIndentsTheSameDocument() throws Exception {
    AggregatedHttpResponse plain = get("/api/traces/abcde");
    AggregatedHttpResponse pretty = get("/api/traces/abcde", "prettyPrint", "true");
    assertThat(plain.contentUtf8()).doesNotContain("\n");
    assertThat(pretty.contentUtf8()).contains("\n  ");
    assertThat(json(pretty)).isEqualTo(json(plain));
  }

  @Test
  void dependenciesWindowInMilliseconds() throws Exception {
    long endTs = NOW.toEpochMilli();
    assertJson(
        get("/api/dependencies", "endTs", Long.toString(endTs), "lookback", "7200000"),
        200,
        """
        {"data":[{"parent":"driver","child":"frontend","callCount":1},
                 {"parent":"frontend","child":"driver","callCount":1}],
         "total":0,"limit":0,"offset":0,"errors":null}""");
    assertThat(STORE.lastDependencyWindow.get())
        .containsExactly(Instant.ofEpochMilli(endTs - 7_200_000), Instant.ofEpochMilli(endTs));

    assertJson(
        get("/api/dependencies", "endTs", Long.toString(endTs - 7_200_000), "lookback", "60000"),
        200,
        """
        {"data":[],"total":0,"limit":0,"offset":0,"errors":null}""");
  }

  @Test
  void dependenciesDefaultToTheLastDayAndFilterByService() throws Exception {
    get("/api/dependencies");
    assertThat(STORE.lastDependencyWindow.get())
        .containsExactly(NOW.minus(Duration.ofDays(1)), NOW);
    STORE.add(
        List.of(
            TestTraces.bRoot().toBuilder()
                .traceId(TestTraces.TRACE_C)
                .spanId(io.tracemate.model.SpanId.fromHex("c2"))
                .parentSpanId(TestTraces.C_ROOT)
                .build()));
    assertThat(
            json(get("/api/dependencies", "service", "OTLPResourceNoServiceName"))
                .get("data")
                .toString())
        .isEqualTo(
            "[{\"parent\":\"OTLPResourceNoServiceName\",\"child\":\"driver\",\"callCount\":1}]");
    assertBadRequest(
        get("/api/dependencies", "endTs", "today"),
        "unable to parse param 'endTs': expected a whole number, got 'today'");
    assertBadRequest(
        get("/api/dependencies", "lookback", "1h"),
        "unable to parse param 'lookback': expected a whole number, got '1h'");
  }

  @Test
  void storageFailureIsA500Envelope() throws Exception {
    STORE.failWith(new StorageException("disk on fire", false));
    assertJson(
        get("/api/services"),
        500,
        """
        {"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":500,"msg":"storage error: disk on fire"}]}""");
  }

  @Test
  void leavesRootReadyAndMetricsToTheServer() {
    for (String path : List.of("/", "/ready", "/metrics", "/api", "/api/v2/spans")) {
      assertThat(client().get(path).status().code()).as(path).isEqualTo(404);
    }
  }

  /** The trace IDs a search with these parameters finds, in the answer's order. */
  static List<String> search(String... params) throws Exception {
    return traceIds(json(get("/api/traces", params)));
  }

  static List<String> traceIds(JsonNode envelope) {
    List<String> ids = new java.util.ArrayList<>();
    envelope.get("data").forEach(trace -> ids.add(trace.get("traceID").asText()));
    return ids;
  }
}
