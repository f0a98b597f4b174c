package io.tracemate.http.jaeger;

import static io.tracemate.http.jaeger.JaegerQueryApiTest.assertJson;
import static io.tracemate.http.jaeger.JaegerQueryApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import io.tracemate.codec.otlp.OtlpJson;
import io.tracemate.codec.otlp.OtlpTraceDecoder;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.support.Parameters;
import io.tracemate.model.Span;
import io.tracemate.storage.StorageException;
import io.tracemate.storage.TraceQuery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The api_v3 HTTP gateway over HTTP, against the in-memory store holding {@link TestTraces}. */
class JaegerV3ApiTest {
  private static final InMemoryTraceStore STORE = new InMemoryTraceStore();
  private static final String MIN = "2024-05-01T10:00:00Z";
  private static final String MAX = "2024-05-01T12:00:00Z";

  @RegisterExtension static final JaegerApiServer SERVER = new JaegerApiServer(STORE);

  private static BlockingWebClient client() {
    return WebClient.of(SERVER.httpUri()).blocking();
  }

  private static AggregatedHttpResponse get(String path, String... params) {
    String query = params.length == 0 ? "" : "?" + TestParams.of(params).toQueryString();
    return client().get(path + query);
  }

  @BeforeEach
  void fill() {
    STORE.clear();
    STORE.add(TestTraces.all());
  }

  @Test
  void services() throws Exception {
    assertJson(
        get("/api/v3/services"),
        200,
        """
        {"services":["OTLPResourceNoServiceName","driver","frontend"]}""");
    STORE.clear();
    assertJson(get("/api/v3/services"), 200, "{\"services\":[]}");
  }

  @Test
  void operationsReportUnspecifiedKindAsInternal() throws Exception {
    assertJson(
        get("/api/v3/operations", "service", "driver"),
        200,
        """
        {"operations":[{"name":"find driver","spanKind":"client"},{"name":"poll","spanKind":"internal"}]}""");
    assertJson(
        get("/api/v3/operations", "service", "frontend", "span_kind", "server"),
        200,
        """
        {"operations":[{"name":"GET /dispatch","spanKind":"server"}]}""");
    assertJson(
        get("/api/v3/operations", "service", "frontend", "spanKind", "internal"),
        200,
        """
        {"operations":[{"name":"GET /dispatch","spanKind":"internal"}]}""");
  }

  @Test
  void operationsErrors() throws Exception {
    assertJson(
        get("/api/v3/operations"),
        400,
        """
        {"error":{"httpCode":400,"message":"parameter 'service' is required"}}""");
    assertError(
        get("/api/v3/operations", "service", "x", "span_kind", "up"),
        400,
        "malformed parameter span_kind: unknown span kind 'up'");
  }

  @Test
  void traceByIdIsOtlpJsonThatDecodesToTheStoredSpans() throws Exception {
    AggregatedHttpResponse response = get("/api/v3/traces/83A9EFD15C1C98A977E0711CC93EE28B");
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo(MediaType.JSON_UTF_8);
    JsonNode body = json(response);
    assertThat(JaegerTraceJsonTest.fieldNames(body)).containsExactly("result");
    assertThat(JaegerTraceJsonTest.fieldNames(body.get("result"))).containsExactly("resourceSpans");
    JsonNode firstSpan =
        body.get("result").get("resourceSpans").get(0).get("scopeSpans").get(0).get("spans").get(0);
    assertThat(firstSpan.get("traceId").asText()).isEqualTo("83a9efd15c1c98a977e0711cc93ee28b");
    assertThat(firstSpan.get("startTimeUnixNano").isTextual()).isTrue();

    assertThat(decodeResult(body))
        .containsExactlyInAnyOrderElementsOf(
            STORE.trace(TenantScope.DEFAULT, TestTraces.TRACE_A).getFirst().trace().spans());
  }

  @Test
  void traceByIdToleratesShortIdsAndTimeHints() throws Exception {
    AggregatedHttpResponse response =
        get("/api/v3/traces/abcde", "start_time", MIN, "endTime", MAX, "raw_traces", "true");
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
    assertThat(decodeResult(json(response))).containsExactly(TestTraces.bRoot());
  }

  @Test
  void traceByIdErrors() throws Exception {
    assertJson(
        get("/api/v3/traces/123456789abcdef0"),
        404,
        """
        {"error":{"httpCode":404,"message":"No traces found"}}""");
    assertError(get("/api/v3/traces/xyz"), 400, "malformed parameter trace_id: 'x' at position 0");
    assertError(
        get("/api/v3/traces/abcde", "start_time", "yesterday"),
        400,
        "malformed parameter start_time: expected an RFC 3339 time");
  }

  @Test
  void findTracesMergesEveryMatchingTrace() throws Exception {
    AggregatedHttpResponse response =
        get("/api/v3/traces", "query.start_time_min", MIN, "query.start_time_max", MAX);
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
    List<Span> expected =
        new ArrayList<>(
            STORE.trace(TenantScope.DEFAULT, TestTraces.TRACE_A).getFirst().trace().spans());
    expected.add(TestTraces.bRoot());
    expected.add(TestTraces.cRoot());
    assertThat(decodeResult(json(response))).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(STORE.lastQuery.get().limit()).isEqualTo(100);
  }

  @Test
  void findTracesWithFilters() throws Exception {
    AggregatedHttpResponse response =
        get(
            "/api/v3/traces",
            "query.serviceName",
            "frontend",
            "query.operationName",
            "GET /dispatch",
            "query.attributes",
            "{\"http.method\":\"GET\"}",
            "query.startTimeMin",
            MIN,
            "query.startTimeMax",
            MAX,
            "query.durationMin",
            "100ms",
            "query.searchDepth",
            "3");
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
    assertThat(decodeResult(json(response))).hasSize(3);
    TraceQuery query = STORE.lastQuery.get();
    assertThat(query.serviceName()).isEqualTo("frontend");
    assertThat(query.tags()).containsEntry("http.method", "GET");
    assertThat(query.durationMinNanos()).isEqualTo(100_000_000L);
    assertThat(query.limit()).isEqualTo(3);
  }

  @Test
  void grafanaAppendsTimesUnencodedSoThePlusArrivesAsASpace() throws Exception {
    AggregatedHttpResponse response =
        client()
            .get(
                "/api/v3/traces?query.service_name=driver"
                    + "&query.start_time_min=2024-05-01T12:00:00.000000000+02:00"
                    + "&query.start_time_max=2024-05-01T14:00:00.000000000+02:00");
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
    assertThat(STORE.lastQuery.get().startTimeMinNanos())
        .isEqualTo(Parameters.epochNanos(Instant.parse("2024-05-01T10:00:00Z")));
  }

  @Test
  void emptySearchIsA404() throws Exception {
    assertJson(
        get(
            "/api/v3/traces",
            "query.service_name",
            "nobody",
            "query.start_time_min",
            MIN,
            "query.start_time_max",
            MAX),
        404,
        """
        {"error":{"httpCode":404,"message":"No traces found"}}""");
  }

  @Test
  void findTracesErrors() throws Exception {
    assertError(
        get("/api/v3/traces", "query.service_name", "driver"),
        400,
        "query.startTimeMin and query.startTimeMax (or query.start_time_min and query.start_time_max) are required");
    assertError(
        get("/api/v3/traces", "query.start_time_min", MAX, "query.start_time_max", MIN),
        400,
        "malformed parameter query.start_time_max: must be after query.start_time_min");
    assertError(
        get(
            "/api/v3/traces",
            "query.start_time_min",
            MIN,
            "query.start_time_max",
            MAX,
            "query.duration_min",
            "soon"),
        400,
        "malformed parameter query.duration_min: time: invalid duration \"soon\"");
    assertError(
        get(
            "/api/v3/traces",
            "query.start_time_min",
            MIN,
            "query.start_time_max",
            MAX,
            "query.attributes",
            "[1]"),
        400,
        "malformed parameter query.attributes: expected a JSON object");
  }

  @Test
  void dependencies() throws Exception {
    assertJson(
        get("/api/v3/dependencies", "start_time", MIN, "end_time", MAX),
        200,
        """
        {"dependencies":[{"parent":"driver","child":"frontend","callCount":"1"},
                         {"parent":"frontend","child":"driver","callCount":"1"}]}""");
    assertThat(STORE.lastDependencyWindow.get())
        .containsExactly(Instant.parse(MIN), Instant.parse(MAX));
    assertError(
        get("/api/v3/dependencies", "end_time", MAX), 400, "startTime (or start_time) is required");
    assertError(
        get("/api/v3/dependencies", "start_time", MAX, "end_time", MAX),
        400,
        "malformed parameter endTime: must be after startTime");
  }

  @Test
  void storageFailureIsA500() throws Exception {
    STORE.failWith(new StorageException("index unreadable", true));
    assertJson(
        get("/api/v3/services"),
        500,
        """
        {"error":{"httpCode":500,"message":"storage error: index unreadable"}}""");
  }

  @Test
  void prettyPrint() throws Exception {
    AggregatedHttpResponse plain = get("/api/v3/traces/abcde");
    AggregatedHttpResponse pretty = get("/api/v3/traces/abcde", "prettyPrint", "true");
    assertThat(pretty.contentUtf8()).contains("\n");
    assertThat(json(pretty)).isEqualTo(json(plain));
  }

  private static List<Span> decodeResult(JsonNode body) {
    byte[] result = body.get("result").toString().getBytes(StandardCharsets.UTF_8);
    var decoded = OtlpTraceDecoder.decode(OtlpJson.parseTraceRequest(result));
    assertThat(decoded.rejectedCount()).isZero();
    return decoded.spans();
  }

  private static void assertError(AggregatedHttpResponse response, int status, String messageStart)
      throws Exception {
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(status);
    JsonNode error = json(response).get("error");
    assertThat(JaegerTraceJsonTest.fieldNames(error)).containsExactly("httpCode", "message");
    assertThat(error.get("httpCode").asInt()).isEqualTo(status);
    assertThat(error.get("message").asText()).startsWith(messageStart);
  }
}
