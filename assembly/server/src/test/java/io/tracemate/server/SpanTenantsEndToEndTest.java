package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spans of two tenants through a real server with authentication and multitenancy on: OTel SDK exporters send as
 * team-a and team-b (each with an API token bound to its tenant, one also naming it in X-Scope-OrgID), with one
 * trace ID used by both; then the Jaeger v1 and v3 APIs (trace summaries, the Jaeger UI's search, included) are read
 * as A, as B, as A|B, without a tenant, and with a tenant the credential is not allowed on. A never sees B.
 */
class SpanTenantsEndToEndTest {
  @RegisterExtension
  static final TwoTenantServer TENANTS = TwoTenantServer.perClass("tracemate-span-tenants-test");

  private static final String SHARED_TRACE = "5ea7ed0000000000000000000000000a";
  private static final String A_ONLY_TRACE = "a0000000000000000000000000000001";
  private static final String B_ONLY_TRACE = "b0000000000000000000000000000002";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String carol;

  @BeforeAll
  static void sendSpansOfBothTenants() throws Exception {
    TracemateServer server = TENANTS.server();
    carol = TENANTS.oidcToken("carol");
    String grpc = "http://127.0.0.1:" + server.otlpGrpcPort();
    String http = "http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces";
    // team-a by its token's tenant alone, over gRPC
    assertThat(
            SdkSpanExports.accepted(
                "checkout",
                List.of(SHARED_TRACE, A_ONLY_TRACE),
                OtlpGrpcSpanExporter.builder()
                    .setEndpoint(grpc)
                    .addHeader("authorization", "Bearer " + TENANTS.writerA())
                    .build()))
        .isTrue();
    // team-b by its token and X-Scope-OrgID, over HTTP
    assertThat(
            SdkSpanExports.accepted(
                "ledger",
                List.of(SHARED_TRACE, B_ONLY_TRACE),
                OtlpHttpSpanExporter.builder()
                    .setEndpoint(http)
                    .addHeader("Authorization", "Bearer " + TENANTS.writerB())
                    .addHeader("X-Scope-OrgID", "team-b")
                    .build()))
        .isTrue();
    // a writer naming a tenant its token is not bound to is refused, and nothing is stored
    assertThat(
            SdkSpanExports.accepted(
                "forged",
                List.of(B_ONLY_TRACE),
                OtlpHttpSpanExporter.builder()
                    .setEndpoint(http)
                    .addHeader("Authorization", "Bearer " + TENANTS.writerA())
                    .addHeader("X-Scope-OrgID", "team-b")
                    .build()))
        .isFalse();
    awaitTrace(B_ONLY_TRACE, TENANTS.viewerB(), "team-b");
    awaitTrace(A_ONLY_TRACE, TENANTS.viewerA(), "team-a");
  }

  @Test
  void eachTenantSeesItsOwnServicesOperationsAndTracesOnly() throws Exception {
    assertThat(strings(data(get("/api/services", TENANTS.viewerA(), null))))
        .containsExactly("checkout");
    assertThat(strings(data(get("/api/services", TENANTS.viewerB(), null))))
        .containsExactly("ledger");
    assertThat(strings(get("/api/v3/services", TENANTS.viewerA(), "team-a").path("services")))
        .containsExactly("checkout");
    assertThat(data(get("/api/services/ledger/operations", TENANTS.viewerA(), null))).isEmpty();
    assertThat(strings(data(get("/api/services/checkout/operations", TENANTS.viewerA(), null))))
        .containsExactly(SdkSpanExports.OPERATION);

    assertThat(status("/api/traces/" + B_ONLY_TRACE, TENANTS.viewerA(), null)).isEqualTo(404);
    assertThat(status("/api/v3/traces/" + B_ONLY_TRACE, TENANTS.viewerA(), null)).isEqualTo(404);
    assertThat(data(get("/api/traces?service=ledger&lookback=1h", TENANTS.viewerA(), null)))
        .isEmpty();
    assertThat(
            traceIds(
                data(get("/api/traces?service=checkout&lookback=1h", TENANTS.viewerA(), null))))
        .containsExactlyInAnyOrder(SHARED_TRACE, A_ONLY_TRACE);

    JsonNode shared = data(get("/api/traces/" + SHARED_TRACE, TENANTS.viewerA(), null));
    assertThat(shared).hasSize(1);
    assertThat(services(shared.get(0))).containsExactly("checkout");
    assertThat(tenantTag(shared.get(0))).as("a single-tenant answer is as before").isNull();
  }

  @Test
  void aReadOfBothTenantsSeesBothAndEachTraceSaysItsTenant() throws Exception {
    assertThat(strings(data(get("/api/services", carol, "team-a|team-b"))))
        .containsExactly("checkout", "ledger");

    JsonNode shared = data(get("/api/traces/" + SHARED_TRACE, carol, "team-a|team-b"));
    assertThat(shared).as("one trace ID sent for two tenants is two traces").hasSize(2);
    assertThat(List.of(tenantTag(shared.get(0)), tenantTag(shared.get(1))))
        .containsExactly("team-a", "team-b");
    assertThat(services(shared.get(0))).containsExactly("checkout");
    assertThat(services(shared.get(1))).containsExactly("ledger");

    JsonNode found =
        data(get("/api/traces?lookback=1h&limit=20&service=ledger", carol, "team-b|team-a"));
    assertThat(traceIds(found)).containsExactlyInAnyOrder(SHARED_TRACE, B_ONLY_TRACE);

    JsonNode v3 = get("/api/v3/traces/" + SHARED_TRACE, carol, "team-a|team-b");
    List<String> tenants = new ArrayList<>();
    for (JsonNode resourceSpans : v3.path("result").path("resourceSpans")) {
      for (JsonNode attribute : resourceSpans.path("resource").path("attributes")) {
        if (attribute.path("key").asText().equals("tenant")) {
          tenants.add(attribute.path("value").path("stringValue").asText());
        }
      }
    }
    assertThat(tenants).containsExactly("team-a", "team-b");
  }

  @Test
  void aReadWithoutATenantIs401AndATenantTheCallerMayNotReadIs403() throws Exception {
    HttpResponse<String> none = send("/api/services", carol, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(errorMessage(none)).contains("no org id");

    HttpResponse<String> forged = send("/api/traces/" + B_ONLY_TRACE, TENANTS.viewerA(), "team-b");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(errorMessage(forged)).isEqualTo("not allowed to read tenant team-b");

    HttpResponse<String> half = send("/api/v3/services", TENANTS.viewerA(), "team-a|team-b");
    assertThat(half.statusCode()).isEqualTo(403);
    assertThat(half.body()).doesNotContain("ledger");
  }

  @Test
  void traceSummariesCoverTheRequestsTenantsAndSayWhoseEachTraceIsAcrossTenants() throws Exception {
    JsonNode ofA = get(summaries(), TENANTS.viewerA(), null);
    assertThat(summaryRows(ofA))
        .containsExactlyInAnyOrder(SHARED_TRACE + " checkout", A_ONLY_TRACE + " checkout");
    assertThat(ofA.toString()).as("a single-tenant answer is Jaeger's").doesNotContain("tenant");
    assertThat(summaryRows(get(summaries(), TENANTS.viewerB(), "team-b")))
        .containsExactlyInAnyOrder(SHARED_TRACE + " ledger", B_ONLY_TRACE + " ledger");
    assertThat(get(summaries() + "&query.serviceName=ledger", TENANTS.viewerA(), "team-a"))
        .as("nothing found is {}")
        .hasToString("{}");

    JsonNode both = get(summaries(), carol, "team-a|team-b");
    assertThat(summaryRows(both))
        .as("one trace ID sent for two tenants is two rows, each with its own root")
        .containsExactlyInAnyOrder(
            SHARED_TRACE + " checkout team-a",
            A_ONLY_TRACE + " checkout team-a",
            SHARED_TRACE + " ledger team-b",
            B_ONLY_TRACE + " ledger team-b");

    // the POST binding reads the request's tenants the same way
    String body =
        """
        {"query":{"startTimeMin":"%s","startTimeMax":"%s"}}"""
            .formatted(
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1)));
    assertThat(summaryRows(post("/api/v3/trace-summaries", body, TENANTS.viewerB(), "team-b")))
        .containsExactlyInAnyOrder(SHARED_TRACE + " ledger", B_ONLY_TRACE + " ledger");
    assertThat(summaryRows(post("/api/v3/trace-summaries", body, carol, "team-b|team-a")))
        .hasSize(4)
        .contains(SHARED_TRACE + " ledger team-b", SHARED_TRACE + " checkout team-a");
  }

  @Test
  void traceSummariesWithoutATenantAre401AndForATenantTheCallerMayNotReadAre403() throws Exception {
    HttpResponse<String> none = send(summaries(), carol, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(gatewayError(none)).isEqualTo("401 no org id: send X-Scope-OrgID with the tenant");

    HttpResponse<String> forged = send(summaries(), TENANTS.viewerA(), "team-b");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(gatewayError(forged)).isEqualTo("403 not allowed to read tenant team-b");

    HttpResponse<String> half = send(summaries(), TENANTS.viewerA(), "team-a|team-b");
    assertThat(half.statusCode()).isEqualTo(403);
    assertThat(half.body()).doesNotContain("ledger").doesNotContain(B_ONLY_TRACE);
  }

  /** The Jaeger UI's search call over the last hour (the spans were sent moments ago). */
  private static String summaries() {
    Instant now = Instant.now();
    return "/api/v3/trace-summaries?query.startTimeMin="
        + now.minus(Duration.ofHours(1))
        + "&query.startTimeMax="
        + now.plus(Duration.ofHours(1))
        + "&query.searchDepth=20";
  }

  /** Each summary as "traceId rootServiceName[ tenant]". */
  private static List<String> summaryRows(JsonNode answer) {
    List<String> rows = new ArrayList<>();
    for (JsonNode summary : answer.path("summaries")) {
      String row =
          summary.path("traceId").asText() + " " + summary.path("rootServiceName").asText();
      rows.add(summary.has("tenant") ? row + " " + summary.path("tenant").asText() : row);
    }
    return rows;
  }

  /** api_v3's gateway error as "httpCode message". */
  private static String gatewayError(HttpResponse<String> response) throws IOException {
    JsonNode error = RunningServer.JSON.readTree(response.body()).path("error");
    return error.path("httpCode").asInt() + " " + error.path("message").asText();
  }

  private static String errorMessage(HttpResponse<String> response) throws IOException {
    return RunningServer.JSON.readTree(response.body()).path("errors").path(0).path("msg").asText();
  }

  private static JsonNode data(JsonNode body) {
    return body.path("data");
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(node -> out.add(node.isTextual() ? node.asText() : node.toString()));
    return out;
  }

  private static List<String> traceIds(JsonNode traces) {
    List<String> out = new ArrayList<>();
    traces.forEach(trace -> out.add(trace.path("traceID").asText()));
    return out;
  }

  private static List<String> services(JsonNode trace) {
    List<String> out = new ArrayList<>();
    trace.path("processes").forEach(process -> out.add(process.path("serviceName").asText()));
    return out;
  }

  /** The {@code tenant} process tag of a trace (all its processes must agree), or null. */
  private static String tenantTag(JsonNode trace) {
    String tenant = null;
    for (JsonNode process : trace.path("processes")) {
      String own = null;
      for (JsonNode tag : process.path("tags")) {
        if (tag.path("key").asText().equals("tenant")) {
          own = tag.path("value").asText();
        }
      }
      assertThat(tenant == null || tenant.equals(own)).isTrue();
      tenant = own;
    }
    return tenant;
  }

  private static HttpResponse<String> send(String pathAndQuery, String token, String tenant)
      throws IOException, InterruptedException {
    return TENANTS.queries().get(pathAndQuery, token, tenant);
  }

  private static JsonNode post(String path, String json, String token, String tenant)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(TENANTS.queries().base() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("X-Scope-OrgID", tenant);
    HttpResponse<String> response =
        HTTP.send(
            request.POST(HttpRequest.BodyPublishers.ofString(json)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return RunningServer.JSON.readTree(response.body());
  }

  private static int status(String pathAndQuery, String token, String tenant) throws Exception {
    return send(pathAndQuery, token, tenant).statusCode();
  }

  private static JsonNode get(String pathAndQuery, String token, String tenant) throws Exception {
    return TENANTS.queries().getJson(pathAndQuery, token, tenant);
  }

  private static void awaitTrace(String traceId, String token, String tenant) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (status("/api/traces/" + traceId, token, tenant) == 200) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("trace " + traceId + " of " + tenant + " never became readable");
  }
}
