package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServiceConfig;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.tracemate.auth.ApiTokens;
import io.tracemate.auth.Permission;
import io.tracemate.server.access.RouteTable;
import io.tracemate.testing.TemporaryFolder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authentication, roles and tenants on every listener of a real server (auth and multitenancy on, API tokens for
 * each role, an OIDC issuer served in the test), called by real clients: the OTel SDK's OTLP exporters, a
 * zipkin-reporter sender, HTTP clients for the Jaeger and Loki APIs.
 */
class AccessEndToEndTest {
  private static final ApiTokens.GeneratedToken WRITER = ApiTokens.generate();
  private static final ApiTokens.GeneratedToken VIEWER = ApiTokens.generate();
  private static final ApiTokens.GeneratedToken ADMIN = ApiTokens.generate();
  private static final ApiTokens.GeneratedToken OTHER_TENANT_VIEWER = ApiTokens.generate();
  private static final ApiTokens.GeneratedToken OTHER_TENANT_WRITER = ApiTokens.generate();

  private static TemporaryFolder folder;
  private static OidcTestIssuer issuer;
  private static TracemateServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    folder = TemporaryFolder.create("tracemate-access-test");
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
                    - {name: agent, sha256: %s, role: writer}
                    - {name: grafana, sha256: %s, role: viewer}
                    - {name: ops, sha256: %s, role: admin}
                    - {name: team-b-grafana, sha256: %s, tenant: team-b, role: viewer}
                    - {name: team-b-agent, sha256: %s, tenant: team-b, role: writer}
                  rbac:
                    bindings:
                      - {role: viewer, subjects: [alice]}
                multitenancy: {enabled: true}
                """
                    .formatted(
                        issuer.issuer(),
                        issuer.jwksUrl(),
                        OidcTestIssuer.AUDIENCE,
                        WRITER.sha256(),
                        VIEWER.sha256(),
                        ADMIN.sha256(),
                        OTHER_TENANT_VIEWER.sha256(),
                        OTHER_TENANT_WRITER.sha256())));
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
  void everyRouteTheServerServesDeclaresItsPermission() {
    Map<String, RouteTable.Rule> declared = RouteTable.tracemate().rules();
    List<String> undeclared = new ArrayList<>();
    int routes = 0;
    for (Map.Entry<String, Server> listener : server.listeners().entrySet()) {
      for (ServiceConfig service : listener.getValue().serviceConfigs()) {
        routes++;
        String pattern = service.route().patternString();
        if (!declared.containsKey(pattern)) {
          undeclared.add(listener.getKey() + " " + pattern);
        }
      }
    }
    assertThat(routes).as("routes walked").isGreaterThan(40);
    assertThat(undeclared).as("routes without a declared permission").isEmpty();
    List<String> served = new ArrayList<>();
    server
        .listeners()
        .values()
        .forEach(
            listener ->
                listener.serviceConfigs().forEach(s -> served.add(s.route().patternString())));
    assertThat(declared.keySet()).as("declared routes nobody serves").isSubsetOf(served);
  }

  @Test
  void everyProtectedRouteRefusesAStrangerAndATooWeakRoleInItsOwnEnvelope() {
    Map<String, RouteTable.Rule> declared = RouteTable.tracemate().rules();
    int checked = 0;
    for (Map.Entry<String, Server> listener : server.listeners().entrySet()) {
      WebClient client = WebClient.of("h2c://127.0.0.1:" + listener.getValue().activeLocalPort());
      for (ServiceConfig service : listener.getValue().serviceConfigs()) {
        RouteTable.Rule rule = declared.get(service.route().patternString());
        if (rule == null || rule.open()) {
          continue;
        }
        String path = concrete(service.route().patternString());
        HttpMethod method =
            service.route().methods().contains(HttpMethod.POST) ? HttpMethod.POST : HttpMethod.GET;
        String where = listener.getKey() + " " + method + " " + path;

        AggregatedHttpResponse stranger = call(client, method, path, null);
        assertRefused(listener.getKey(), path, stranger, 401, where + " without credentials");
        assertThat(stranger.headers().get(HttpHeaderNames.WWW_AUTHENTICATE))
            .as(where)
            .isEqualTo("Bearer");

        String weaker = rule.permission() == Permission.INGEST ? VIEWER.token() : WRITER.token();
        if (rule.permission() == Permission.ADMIN) {
          weaker = VIEWER.token();
        }
        AggregatedHttpResponse weak = call(client, method, path, weaker);
        assertRefused(listener.getKey(), path, weak, 403, where + " with a too weak role");
        checked++;
      }
    }
    assertThat(checked).as("protected routes called").isGreaterThan(30);
  }

  @Test
  void otlpExportersSendWithAWriterTokenAndAreRefusedWithout() throws Exception {
    String grpc = "http://127.0.0.1:" + server.otlpGrpcPort();
    String http = "http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces";
    assertThat(
            SdkSpanExports.accepted(
                "access-grpc",
                OtlpGrpcSpanExporter.builder()
                    .setEndpoint(grpc)
                    .addHeader("authorization", "Bearer " + WRITER.token())
                    .build()))
        .isTrue();
    assertThat(
            SdkSpanExports.accepted(
                "access-http",
                OtlpHttpSpanExporter.builder()
                    .setEndpoint(http)
                    .addHeader("Authorization", "Bearer " + WRITER.token())
                    .build()))
        .isTrue();
    assertThat(
            SdkSpanExports.accepted(
                "refused-grpc", OtlpGrpcSpanExporter.builder().setEndpoint(grpc).build()))
        .isFalse();
    assertThat(
            SdkSpanExports.accepted(
                "refused-http", OtlpHttpSpanExporter.builder().setEndpoint(http).build()))
        .isFalse();
    assertThat(
            SdkSpanExports.accepted(
                "refused-viewer",
                OtlpGrpcSpanExporter.builder()
                    .setEndpoint(grpc)
                    .addHeader("authorization", "Bearer " + VIEWER.token())
                    .build()))
        .as("a viewer may not write")
        .isFalse();

    JsonNode services =
        queries().awaitServices(VIEWER.token(), List.of("access-grpc", "access-http"));
    assertThat(services.toString()).doesNotContain("refused-");
  }

  @Test
  void zipkinReporterSendsWithAWriterTokenAndIsRefusedWithout() throws Exception {
    String endpoint = "http://127.0.0.1:" + server.zipkinPort() + "/api/v2/spans";
    try (ZipkinBearerSender sender = new ZipkinBearerSender(endpoint, WRITER.token(), HTTP)) {
      sender.send(List.of(ZipkinBearerSender.span("access-zipkin")));
    }
    try (ZipkinBearerSender sender = new ZipkinBearerSender(endpoint, null, HTTP)) {
      assertThatThrownBy(() -> sender.send(List.of(ZipkinBearerSender.span("refused-zipkin"))))
          .hasMessageContaining("401")
          .hasMessageContaining("no credentials");
    }
    queries().awaitServices(VIEWER.token(), List.of("access-zipkin"));
  }

  @Test
  void anOidcUserReadsTheJaegerAndLokiApisOfTheTenantItNames() throws Exception {
    String alice = issuer.token("alice", Instant.now());
    HttpResponse<String> jaeger = get("/api/services", alice, "fake");
    assertThat(jaeger.statusCode()).as(jaeger.body()).isEqualTo(200);
    assertThat(JSON(jaeger).path("data").isArray()).isTrue();
    HttpResponse<String> loki = get("/loki/api/v1/labels", alice, "fake");
    assertThat(loki.statusCode()).as(loki.body()).isEqualTo(200);
    assertThat(JSON(loki).path("status").asText()).isEqualTo("success");

    HttpResponse<String> noTenant = get("/loki/api/v1/labels", alice, null);
    assertThat(noTenant.statusCode()).isEqualTo(401);
    assertThat(noTenant.body()).contains("no org id");

    HttpResponse<String> otherTenant = get("/api/services", alice, "team-b");
    assertThat(otherTenant.statusCode()).isEqualTo(403);
    assertThat(JSON(otherTenant).path("errors").path(0).path("msg").asText())
        .isEqualTo("not allowed to read tenant team-b");

    HttpResponse<String> bob = get("/api/services", issuer.token("bob", Instant.now()), "fake");
    assertThat(bob.statusCode()).isEqualTo(403);

    HttpResponse<String> expired =
        get("/loki/api/v1/labels", issuer.token("alice", Instant.now().minusSeconds(3600)), "fake");
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(expired.body()).contains("expired");
    assertThat(expired.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");

    HttpResponse<String> forged = get("/loki/api/v1/labels", alice + "x", "fake");
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).isEqualTo("invalid token\n");
  }

  @Test
  void theTenantOfATokenIsTheTenantTheLokiApiReads() throws Exception {
    HttpResponse<String> own = get("/loki/api/v1/labels", OTHER_TENANT_VIEWER.token(), null);
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    HttpResponse<String> fake = get("/loki/api/v1/labels", OTHER_TENANT_VIEWER.token(), "fake");
    assertThat(fake.statusCode()).isEqualTo(403);
    assertThat(fake.body()).isEqualTo("not allowed to read tenant fake\n");
    HttpResponse<String> both =
        get("/loki/api/v1/labels", OTHER_TENANT_VIEWER.token(), "fake|team-b");
    assertThat(both.statusCode()).isEqualTo(403);
  }

  @Test
  void logsPushedWithATenantsTokenAreReadWithThatTenantsTokenOnly() throws Exception {
    long nanos = System.currentTimeMillis() * 1_000_000L;
    HttpResponse<String> push =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/loki/api/v1/push"))
                .header("Authorization", "Bearer " + OTHER_TENANT_WRITER.token())
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"streams\":[{\"stream\":{\"app\":\"access-test\"},\"values\":[[\""
                            + nanos
                            + "\",\"team-b line\"]]}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(push.statusCode()).as(push.body()).isEqualTo(204);

    String query =
        "/loki/api/v1/query_range?query=%7Bapp%3D%22access-test%22%7D&start="
            + (nanos - 60_000_000_000L)
            + "&end="
            + (nanos + 60_000_000_000L);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String seen = "";
    while (!seen.contains("team-b line") && System.nanoTime() < deadline) {
      HttpResponse<String> answer = get(query, OTHER_TENANT_VIEWER.token(), null);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      seen = answer.body();
      Thread.sleep(50);
    }
    assertThat(seen).contains("team-b line");
    HttpResponse<String> asFake = get(query, VIEWER.token(), null);
    assertThat(asFake.statusCode()).isEqualTo(200);
    assertThat(asFake.body()).doesNotContain("team-b line");
  }

  @Test
  void anInvalidTenantIsRefusedNamingTheRule() throws Exception {
    HttpResponse<String> answer = get("/api/services", VIEWER.token(), "team/a");
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(JSON(answer).path("errors").path(0).path("msg").asText())
        .startsWith("X-Scope-OrgID: ")
        .contains("'/'");
    HttpResponse<String> push =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/loki/api/v1/push"))
                .header("Authorization", "Bearer " + WRITER.token())
                .header("X-Scope-OrgID", "fake|team-b")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"streams\":[]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(push.statusCode()).isEqualTo(400);
    assertThat(push.body()).contains("a write goes to one tenant");
  }

  @Test
  void queriesAndRefusalsAreAuditedAndCountedAndAdminsPageTheAuditLog() throws Exception {
    assertThat(get("/api/services?audit-marker=1", VIEWER.token(), null).statusCode())
        .isEqualTo(200);
    assertThat(get("/api/services?audit-marker=2", null, null).statusCode()).isEqualTo(401);
    assertThat(get("/api/admin/audit", VIEWER.token(), null).statusCode()).isEqualTo(403);
    // Grafana POSTs long LogQL as a form: the query is in the body, not the URL.
    HttpResponse<String> posted =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + server.httpPort() + "/loki/api/v1/query_range"))
                .header("Authorization", "Bearer " + VIEWER.token())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "query=%7Bapp%3D%22audit-form%22%7D+%7C%3D+%22secret+order%22&limit=5"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

    JsonNode query = null;
    JsonNode denied = null;
    JsonNode form = null;
    String lastPage = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while ((query == null || denied == null || form == null) && System.nanoTime() < deadline) {
      HttpResponse<String> page = get("/api/admin/audit?limit=1000", ADMIN.token(), null);
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      lastPage = page.body();
      for (JsonNode record : JSON(page).path("records")) {
        String text = record.path("query").asText();
        if (text.equals("/api/services?audit-marker=1")) {
          query = record;
        } else if (text.equals("/api/services?audit-marker=2")) {
          denied = record;
        } else if (text.contains("audit-form")) {
          form = record;
        }
      }
      Thread.sleep(50);
    }
    assertThat(query).as("the audited query").isNotNull();
    assertThat(query.path("actor").asText()).isEqualTo("grafana");
    assertThat(query.path("method").asText()).isEqualTo("api_token");
    assertThat(query.path("action").asText()).isEqualTo("query");
    assertThat(query.path("endpoint").asText()).isEqualTo("GET /api/services");
    assertThat(query.path("tenants").toString()).isEqualTo("[\"fake\"]");
    assertThat(query.path("status").asInt()).isEqualTo(200);
    assertThat(query.path("resultBytes").asLong()).isPositive();
    assertThat(query.path("hash").asText()).hasSize(64);
    assertThat(denied).as("the audited refusal in %s", lastPage).isNotNull();
    assertThat(denied.path("actor").asText()).isEqualTo("anonymous");
    assertThat(denied.path("action").asText()).isEqualTo("denied");
    assertThat(denied.path("status").asInt()).isEqualTo(401);
    assertThat(form).as("the audited form query in %s", lastPage).isNotNull();
    assertThat(form.path("query").asText())
        .isEqualTo(
            "/loki/api/v1/query_range body: query={app=\"audit-form\"} |= \"secret order\"&limit=5");
    assertThat(form.path("endpoint").asText()).isEqualTo("POST /loki/api/v1/query_range");

    HttpResponse<String> metrics = get("/metrics", VIEWER.token(), null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("tracemate_auth_failures_total{reason=\"missing\"}")
        .contains("tracemate_auth_failures_total{reason=\"forbidden\"}")
        .contains("tracemate_audit_head_seq");
  }

  @Test
  void probesAndTheWebUiStayOpen() throws Exception {
    assertThat(get("/ready", null, null).statusCode()).isEqualTo(200);
    assertThat(get("/", null, null).statusCode()).isIn(200, 503); // 503: built without the UI
    assertThat(get("/metrics", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void silencesAreReadWithReadAndChangedOnlyWithWriteRulesInTheirTenant() throws Exception {
    java.time.Instant now = java.time.Instant.now();
    String silence =
        """
        {"matchers": [{"name": "service", "value": "checkout", "isRegex": false}],
         "startsAt": "%s", "endsAt": "%s", "createdBy": "ops", "comment": "change window"}
        """
            .formatted(now, now.plusSeconds(3600));
    // Both tokens act on the default tenant, fake; the viewer reads it, the admin may also change
    // it.
    HttpResponse<String> byViewer = postJson("/api/v2/silences", silence, VIEWER.token(), "fake");
    assertThat(byViewer.statusCode()).as("a viewer may not silence").isEqualTo(403);
    assertThat(byViewer.body()).contains("not allowed to change the rules of tenant fake");
    HttpResponse<String> byAdmin = postJson("/api/v2/silences", silence, ADMIN.token(), "fake");
    assertThat(byAdmin.statusCode()).as(byAdmin.body()).isEqualTo(200);
    String id = parse(byAdmin.body(), "silence").get("silenceID").asText();

    HttpResponse<String> read = get("/api/v2/silences", VIEWER.token(), "fake");
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(parse(read.body(), "silences").findValuesAsText("id")).containsExactly(id);
    HttpResponse<String> otherTenant = get("/api/v2/silences", OTHER_TENANT_VIEWER.token(), null);
    assertThat(otherTenant.statusCode()).isEqualTo(200);
    assertThat(parse(otherTenant.body(), "silences")).isEmpty();

    // Expired (Alertmanager's DELETE) by the admin, refused to the viewer.
    assertThat(delete("/api/v2/silence/" + id, VIEWER.token(), "fake").statusCode()).isEqualTo(403);
    HttpResponse<String> expired = delete("/api/v2/silence/" + id, ADMIN.token(), "fake");
    assertThat(expired.statusCode()).as(expired.body()).isEqualTo(200);

    // Every attempt to silence or expire is in the audit log: who, which tenant, what, the outcome.
    JsonNode created = null;
    JsonNode expiredRecord = null;
    JsonNode refusedCreate = null;
    JsonNode refusedExpire = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while ((created == null
            || expiredRecord == null
            || refusedCreate == null
            || refusedExpire == null)
        && System.nanoTime() < deadline) {
      HttpResponse<String> page = get("/api/admin/audit?limit=1000", ADMIN.token(), null);
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      for (JsonNode record : JSON(page).path("records")) {
        String endpoint = record.path("endpoint").asText();
        boolean allowed = record.path("status").asInt() == 200;
        if (endpoint.equals("POST /api/v2/silences")) {
          if (allowed) {
            created = record;
          } else {
            refusedCreate = record;
          }
        } else if (endpoint.startsWith("DELETE /api/v2/silence/")) {
          if (allowed) {
            expiredRecord = record;
          } else {
            refusedExpire = record;
          }
        }
      }
      Thread.sleep(50);
    }
    assertThat(created).as("the audited silence").isNotNull();
    assertThat(created.path("actor").asText()).isEqualTo("ops");
    assertThat(created.path("action").asText()).isEqualTo("change");
    assertThat(created.path("tenants").toString()).isEqualTo("[\"fake\"]");
    assertThat(expiredRecord).as("the audited expiry").isNotNull();
    assertThat(expiredRecord.path("actor").asText()).isEqualTo("ops");
    assertThat(expiredRecord.path("action").asText()).isEqualTo("change");
    assertThat(expiredRecord.path("query").asText()).contains(id);
    assertThat(refusedCreate).as("the audited refusal to silence").isNotNull();
    assertThat(refusedCreate.path("action").asText()).isEqualTo("denied");
    assertThat(refusedCreate.path("status").asInt()).isEqualTo(403);
    assertThat(refusedExpire).as("the audited refusal to expire").isNotNull();
    assertThat(refusedExpire.path("status").asInt()).isEqualTo(403);
  }

  private static HttpResponse<String> delete(String path, String token, String tenant)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .header("Authorization", "Bearer " + token)
            .header("X-Scope-OrgID", tenant)
            .DELETE()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> postJson(
      String path, String json, String token, String tenant)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .header("Authorization", "Bearer " + token)
            .header("X-Scope-OrgID", tenant)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  // --- helpers

  private static void assertRefused(
      String listener, String path, AggregatedHttpResponse answer, int status, String what) {
    switch (listener) {
      case "receivers.otlp-grpc-port" -> {
        String grpcStatus = answer.headers().get("grpc-status");
        if (grpcStatus == null) {
          grpcStatus = answer.trailers().get("grpc-status");
        }
        assertThat(grpcStatus).as(what).isEqualTo(status == 401 ? "16" : "7");
      }
      case "receivers.otlp-http-port" -> {
        assertThat(answer.status().code()).as(what).isEqualTo(status);
        assertThat(answer.contentType()).as(what).isNotNull();
        assertThat(answer.contentType().subtype()).as(what).isEqualTo("x-protobuf");
        try {
          com.google.rpc.Status body = com.google.rpc.Status.parseFrom(answer.content().array());
          assertThat(body.getCode()).as(what).isEqualTo(status == 401 ? 16 : 7);
          assertThat(body.getMessage()).as(what).isNotBlank();
        } catch (IOException e) {
          throw new AssertionError(what + ": not a google.rpc.Status", e);
        }
      }
      case "receivers.zipkin-port" -> assertPlainText(answer, status, what);
      default -> {
        assertThat(answer.status().code()).as(what).isEqualTo(status);
        if (path.startsWith("/loki/")
            || path.equals("/metrics")
            || path.equals("/runtime_config")) {
          assertPlainText(answer, status, what);
        } else {
          JsonNode json = parse(answer.contentUtf8(), what);
          boolean own =
              List.of("/api/topology", "/api/red", "/api/analysis", "/api/logs", "/api/admin")
                  .stream()
                  .anyMatch(path::startsWith);
          if (path.startsWith("/api/v3/")) {
            assertThat(json.path("error").path("httpCode").asInt()).as(what).isEqualTo(status);
          } else if (path.startsWith("/api/v1/") || path.startsWith("/prometheus/")) {
            assertThat(json.path("status").asText()).as(what).isEqualTo("error");
            assertThat(json.path("errorType").asText())
                .as(what)
                .isEqualTo(status == 401 ? "unauthorized" : "forbidden");
            assertThat(json.path("error").asText()).as(what).isNotBlank();
          } else if (own) {
            assertThat(json.path("error").path("code").asInt()).as(what).isEqualTo(status);
          } else {
            assertThat(json.path("errors").path(0).path("code").asInt()).as(what).isEqualTo(status);
          }
        }
      }
    }
  }

  private static void assertPlainText(AggregatedHttpResponse answer, int status, String what) {
    assertThat(answer.status().code()).as(what).isEqualTo(status);
    assertThat(answer.contentType()).as(what).isNotNull();
    assertThat(answer.contentType().is(MediaType.PLAIN_TEXT)).as(what).isTrue();
    assertThat(answer.contentUtf8()).as(what).isNotBlank();
  }

  private static JsonNode parse(String body, String what) {
    try {
      return RunningServer.JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError(what + ": not JSON: " + body, e);
    }
  }

  /** A path for a route pattern: every parameter a 32-digit hex ID (any value will do before the service). */
  private static String concrete(String pattern) {
    return pattern.replaceAll(":[A-Za-z_]+", "0af7651916cd43dd8448eb211c80319c");
  }

  private static AggregatedHttpResponse call(
      WebClient client, HttpMethod method, String path, String token) {
    boolean grpc = path.startsWith("/opentelemetry.");
    RequestHeadersBuilder headers = RequestHeaders.builder(method, path);
    if (token != null) {
      headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
    }
    if (grpc) {
      headers.contentType(MediaType.parse("application/grpc")).set("te", "trailers");
    } else if (method == HttpMethod.POST) {
      headers.contentType(MediaType.parse("application/x-protobuf"));
    }
    return client
        .execute(headers.build(), method == HttpMethod.POST ? HttpData.empty() : HttpData.empty())
        .aggregate()
        .join();
  }

  private static HttpResponse<String> get(String pathAndQuery, String token, String tenant)
      throws IOException, InterruptedException {
    return queries().get(pathAndQuery, token, tenant);
  }

  private static QueryPortClient queries() {
    return new QueryPortClient(HTTP, "http://127.0.0.1:" + server.httpPort());
  }

  private static JsonNode JSON(HttpResponse<String> response) throws IOException {
    return RunningServer.JSON.readTree(response.body());
  }
}
