package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.tracemate.auth.ApiTokens;
import io.tracemate.testing.TemporaryFolder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spans of two tenants through a real server with authentication and multitenancy on: OTel SDK exporters send as
 * team-a and team-b (each with an API token bound to its tenant, one also naming it in X-Scope-OrgID), with one
 * trace ID used by both; then the Jaeger v1 and v3 APIs (trace summaries, the Jaeger UI's search, included) are read
 * as A, as B, as A|B, without a tenant, and with a tenant the credential is not allowed on. A never sees B.
 */
class SpanTenantsEndToEndTest {
  private static final ApiTokens.GeneratedToken WRITER_A = ApiTokens.generate();
  private static final ApiTokens.GeneratedToken WRITER_B = ApiTokens.generate();
  private static final ApiTokens.GeneratedToken VIEWER_A = ApiTokens.generate();
  private static final ApiTokens.GeneratedToken VIEWER_B = ApiTokens.generate();
  private static final String SHARED_TRACE = "5ea7ed0000000000000000000000000a";
  private static final String A_ONLY_TRACE = "a0000000000000000000000000000001";
  private static final String B_ONLY_TRACE = "b0000000000000000000000000000002";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static TemporaryFolder folder;
  private static OidcTestIssuer issuer;
  private static TracemateServer server;
  private static String carol;

  @BeforeAll
  static void start() throws Exception {
    folder = TemporaryFolder.create("tracemate-span-tenants-test");
    issuer = new OidcTestIssuer();
    server =
        TracemateServer.start(
            RunningServer.yamlConfig(
                folder.path(),
                """
                auth:
                  enabled: true
                  oidc: {issuer: "%s", jwks-url: "%s", audience: %s}
                  tokens:
                    - {name: agent-a, sha256: %s, tenant: team-a, role: writer}
                    - {name: agent-b, sha256: %s, tenant: team-b, role: writer}
                    - {name: grafana-a, sha256: %s, tenant: team-a, role: viewer}
                    - {name: grafana-b, sha256: %s, tenant: team-b, role: viewer}
                  rbac:
                    bindings:
                      - {role: viewer, tenants: [team-a, team-b], subjects: [carol]}
                multitenancy: {enabled: true}
                """
                    .formatted(
                        issuer.issuer(),
                        issuer.jwksUrl(),
                        OidcTestIssuer.AUDIENCE,
                        WRITER_A.sha256(),
                        WRITER_B.sha256(),
                        VIEWER_A.sha256(),
                        VIEWER_B.sha256())));
    carol = issuer.token("carol", Instant.now());
    String grpc = "http://127.0.0.1:" + server.otlpGrpcPort();
    String http = "http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces";
    // team-a by its token's tenant alone, over gRPC
    assertThat(
            export(
                "checkout",
                List.of(SHARED_TRACE, A_ONLY_TRACE),
                OtlpGrpcSpanExporter.builder()
                    .setEndpoint(grpc)
                    .addHeader("authorization", "Bearer " + WRITER_A.token())
                    .build()))
        .isTrue();
    // team-b by its token and X-Scope-OrgID, over HTTP
    assertThat(
            export(
                "ledger",
                List.of(SHARED_TRACE, B_ONLY_TRACE),
                OtlpHttpSpanExporter.builder()
                    .setEndpoint(http)
                    .addHeader("Authorization", "Bearer " + WRITER_B.token())
                    .addHeader("X-Scope-OrgID", "team-b")
                    .build()))
        .isTrue();
    // a writer naming a tenant its token is not bound to is refused, and nothing is stored
    assertThat(
            export(
                "forged",
                List.of(B_ONLY_TRACE),
                OtlpHttpSpanExporter.builder()
                    .setEndpoint(http)
                    .addHeader("Authorization", "Bearer " + WRITER_A.token())
                    .addHeader("X-Scope-OrgID", "team-b")
                    .build()))
        .isFalse();
    awaitTrace(B_ONLY_TRACE, VIEWER_B.token(), "team-b");
    awaitTrace(A_ONLY_TRACE, VIEWER_A.token(), "team-a");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (issuer != null) {
      issuer.close();
    }
    if (folder != null) {
      folder.close();
    }
  }

  @Test
  void eachTenantSeesItsOwnServicesOperationsAndTracesOnly() throws Exception {
    assertThat(strings(data(get("/api/services", VIEWER_A.token(), null))))
        .containsExactly("checkout");
    assertThat(strings(data(get("/api/services", VIEWER_B.token(), null))))
        .containsExactly("ledger");
    assertThat(strings(get("/api/v3/services", VIEWER_A.token(), "team-a").path("services")))
        .containsExactly("checkout");
    assertThat(data(get("/api/services/ledger/operations", VIEWER_A.token(), null))).isEmpty();
    assertThat(strings(data(get("/api/services/checkout/operations", VIEWER_A.token(), null))))
        .containsExactly("GET /work");

    assertThat(status("/api/traces/" + B_ONLY_TRACE, VIEWER_A.token(), null)).isEqualTo(404);
    assertThat(status("/api/v3/traces/" + B_ONLY_TRACE, VIEWER_A.token(), null)).isEqualTo(404);
    assertThat(data(get("/api/traces?service=ledger&lookback=1h", VIEWER_A.token(), null)))
        .isEmpty();
    assertThat(
            traceIds(data(get("/api/traces?service=checkout&lookback=1h", VIEWER_A.token(), null))))
        .containsExactlyInAnyOrder(SHARED_TRACE, A_ONLY_TRACE);

    JsonNode shared = data(get("/api/traces/" + SHARED_TRACE, VIEWER_A.token(), null));
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

    HttpResponse<String> forged = send("/api/traces/" + B_ONLY_TRACE, VIEWER_A.token(), "team-b");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(errorMessage(forged)).isEqualTo("not allowed to read tenant team-b");

    HttpResponse<String> half = send("/api/v3/services", VIEWER_A.token(), "team-a|team-b");
    assertThat(half.statusCode()).isEqualTo(403);
    assertThat(half.body()).doesNotContain("ledger");
  }

  @Test
  void traceSummariesCoverTheRequestsTenantsAndSayWhoseEachTraceIsAcrossTenants() throws Exception {
    JsonNode ofA = get(summaries(), VIEWER_A.token(), null);
    assertThat(summaryRows(ofA))
        .containsExactlyInAnyOrder(SHARED_TRACE + " checkout", A_ONLY_TRACE + " checkout");
    assertThat(ofA.toString()).as("a single-tenant answer is Jaeger's").doesNotContain("tenant");
    assertThat(summaryRows(get(summaries(), VIEWER_B.token(), "team-b")))
        .containsExactlyInAnyOrder(SHARED_TRACE + " ledger", B_ONLY_TRACE + " ledger");
    assertThat(get(summaries() + "&query.serviceName=ledger", VIEWER_A.token(), "team-a"))
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
    assertThat(summaryRows(post("/api/v3/trace-summaries", body, VIEWER_B.token(), "team-b")))
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

    HttpResponse<String> forged = send(summaries(), VIEWER_A.token(), "team-b");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(gatewayError(forged)).isEqualTo("403 not allowed to read tenant team-b");

    HttpResponse<String> half = send(summaries(), VIEWER_A.token(), "team-a|team-b");
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
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + pathAndQuery))
            .timeout(Duration.ofSeconds(10));
    request.header("Authorization", "Bearer " + token);
    if (tenant != null) {
      request.header("X-Scope-OrgID", tenant);
    }
    return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode post(String path, String json, String token, String tenant)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
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
    HttpResponse<String> response = send(pathAndQuery, token, tenant);
    assertThat(response.statusCode()).as(pathAndQuery + ": " + response.body()).isEqualTo(200);
    return RunningServer.JSON.readTree(response.body());
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

  /** One root span per trace ID (given as 32 hex digits) through {@code exporter}; whether all were accepted. */
  private static boolean export(String service, List<String> traceIds, SpanExporter exporter) {
    List<CompletableResultCode> results = new ArrayList<>();
    SpanExporter recording =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            CompletableResultCode code = exporter.export(spans);
            results.add(code);
            return code;
          }

          @Override
          public CompletableResultCode flush() {
            return exporter.flush();
          }

          @Override
          public CompletableResultCode shutdown() {
            return exporter.shutdown();
          }
        };
    Iterator<String> ids = traceIds.iterator();
    IdGenerator fixedTraceIds =
        new IdGenerator() {
          @Override
          public String generateSpanId() {
            return IdGenerator.random().generateSpanId();
          }

          @Override
          public String generateTraceId() {
            return ids.next();
          }
        };
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setIdGenerator(fixedTraceIds)
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(Attributes.builder().put("service.name", service).build())))
            .addSpanProcessor(SimpleSpanProcessor.create(recording))
            .build();
    try {
      for (int i = 0; i < traceIds.size(); i++) {
        provider.get("io.tracemate.tenants").spanBuilder("GET /work").startSpan().end();
      }
      provider.forceFlush().join(10, TimeUnit.SECONDS);
      boolean all = !results.isEmpty();
      for (CompletableResultCode code : results) {
        all &= code.join(10, TimeUnit.SECONDS).isSuccess();
      }
      return all;
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}
