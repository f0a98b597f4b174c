package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline's state per tenant through a real server with authentication and multitenancy on: OTel SDK exporters
 * send as team-a and team-b (API tokens bound to each tenant), both with the same trace IDs; then the topology
 * (graph, paths, an edge's series), RED (services, a service's page, series), Jaeger's dependencies, /metrics (series
 * and exemplars) and the Prometheus query API are read as A, as B, as A|B, without a tenant (401) and with a tenant
 * the caller may not read (403). A never sees B's services, edges or series.
 */
class PipelineTenantsEndToEndTest {
  @RegisterExtension
  static final TwoTenantServer TENANTS =
      TwoTenantServer.perClass("tracemate-pipeline-tenants-test");

  private static final String A_TRACE = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
  private static final String B_TRACE = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";
  private static final String SHARED_TRACE = "5ea7ed0000000000000000000000000c";
  // HTTP/1.1 as Prometheus scrapes: the JDK client's cleartext HTTP/2 upgrade once misread a large
  // /metrics
  // answer as frames ("Frame type(78) length(5460033) exceeds MAX_FRAME_SIZE") on a loaded CI
  // machine.
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static String carol;

  @BeforeAll
  static void sendSpansOfBothTenants() throws Exception {
    carol = TENANTS.oidcToken("carol");
    // team-a over gRPC: checkout serves a request and queries its database
    send(
        "checkout",
        "orders-db",
        List.of(SHARED_TRACE, A_TRACE),
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + TENANTS.server().otlpGrpcPort())
            .addHeader("authorization", "Bearer " + TENANTS.writerA())
            .build());
    // team-b over HTTP: ledger, the same shape, one trace ID shared with team-a
    send(
        "ledger",
        "accounts-db",
        List.of(SHARED_TRACE, B_TRACE),
        OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + TENANTS.server().otlpHttpPort() + "/v1/traces")
            .addHeader("Authorization", "Bearer " + TENANTS.writerB())
            .build());
    awaitServices(TENANTS.viewerA(), "checkout");
    awaitServices(TENANTS.viewerB(), "ledger");
  }

  @Test
  void eachTenantsTopologyHoldsItsOwnServicesAndEdgesOnly() throws Exception {
    JsonNode a = get("/api/topology?lookback=1h", TENANTS.viewerA(), null);
    assertThat(texts(a.path("nodes"), "name"))
        .contains("checkout", "orders-db")
        .doesNotContain("ledger", "accounts-db");
    assertThat(texts(a.path("edges"), "source") + " " + texts(a.path("edges"), "target"))
        .doesNotContain("ledger")
        .doesNotContain("accounts-db");
    assertThat(texts(a.path("edges"), "target")).contains("checkout", "orders-db");
    assertThat(a.path("nodes").get(0).has("tenant"))
        .as("one tenant's answer is as before")
        .isFalse();

    JsonNode b = get("/api/topology?lookback=1h", TENANTS.viewerB(), "team-b");
    assertThat(texts(b.path("nodes"), "name"))
        .contains("ledger", "accounts-db")
        .doesNotContain("checkout", "orders-db");

    assertThat(
            paths(
                "/api/topology/paths?from=checkout&to=orders-db&lookback=1h",
                TENANTS.viewerA(),
                null))
        .containsExactly("[\"checkout\",\"orders-db\"]");
    assertThat(
            paths(
                "/api/topology/paths?from=ledger&to=accounts-db&lookback=1h",
                TENANTS.viewerA(),
                null))
        .isEmpty();

    JsonNode series =
        get(
            "/api/topology/edges/series?source=ledger&target=accounts-db&lookback=1h",
            TENANTS.viewerA(),
            null);
    assertThat(requests(series.path("client"))).isZero();
    series =
        get(
            "/api/topology/edges/series?source=ledger&target=accounts-db&lookback=1h",
            TENANTS.viewerB(),
            null);
    assertThat(requests(series.path("client"))).isEqualTo(2);
  }

  @Test
  void aReadOfBothTenantsShowsBothGraphsSideBySideEachNodeAndEdgeSayingItsTenant()
      throws Exception {
    JsonNode both = get("/api/topology?lookback=1h", carol, "team-a|team-b");
    List<String> ids = texts(both.path("nodes"), "id");
    assertThat(ids)
        .contains("team-a/checkout", "team-a/orders-db", "team-b/ledger", "team-b/accounts-db");
    for (JsonNode node : both.path("nodes")) {
      assertThat(node.path("id").asText())
          .isEqualTo(node.path("tenant").asText() + "/" + node.path("name").asText());
    }
    for (JsonNode edge : both.path("edges")) {
      String prefix = edge.path("tenant").asText() + "/";
      assertThat(edge.path("source").asText()).startsWith(prefix);
      assertThat(edge.path("target").asText()).startsWith(prefix);
    }
    assertThat(
            paths(
                "/api/topology/paths?from=checkout&to=orders-db&lookback=1h",
                carol,
                "team-a|team-b"))
        .containsExactly("[\"team-a/checkout\",\"team-a/orders-db\"]");

    HttpResponse<String> unnamed =
        send(
            "/api/topology/edges/series?source=ledger&target=accounts-db&lookback=1h",
            carol,
            "team-a|team-b");
    assertThat(unnamed.statusCode()).isEqualTo(400);
    assertThat(unnamed.body()).contains("parameter 'tenant'");
    JsonNode named =
        get(
            "/api/topology/edges/series?source=ledger&target=accounts-db&lookback=1h&tenant=team-b",
            carol,
            "team-a|team-b");
    assertThat(requests(named.path("client"))).isEqualTo(2);

    JsonNode red = get("/api/red/services?lookback=1h", carol, "team-a|team-b");
    List<String> services = new ArrayList<>();
    red.path("services")
        .forEach(s -> services.add(s.path("tenant").asText() + "/" + s.path("service").asText()));
    assertThat(services).containsExactly("team-a/checkout", "team-b/ledger");
  }

  @Test
  void eachTenantsRedAndDependenciesAreItsOwn() throws Exception {
    JsonNode a = get("/api/red/services?lookback=1h", TENANTS.viewerA(), null);
    assertThat(texts(a.path("services"), "service")).containsExactly("checkout");
    assertThat(a.path("services").get(0).path("red").path("calls").asLong()).isEqualTo(2);
    assertThat(
            texts(
                get("/api/red/services?lookback=1h", TENANTS.viewerB(), null).path("services"),
                "service"))
        .containsExactly("ledger");

    JsonNode ledgerAsA = get("/api/red/services/ledger?lookback=1h", TENANTS.viewerA(), null);
    assertThat(ledgerAsA.path("summary").path("calls").asLong()).isZero();
    assertThat(ledgerAsA.path("operations")).isEmpty();
    JsonNode ledgerAsB = get("/api/red/services/ledger?lookback=1h", TENANTS.viewerB(), null);
    assertThat(ledgerAsB.path("summary").path("calls").asLong()).isEqualTo(2);
    assertThat(texts(ledgerAsB.path("operations"), "name")).containsExactly("POST /transfer");

    assertThat(
            get("/api/red/series?service=ledger&lookback=1h", TENANTS.viewerA(), null)
                .path("summary")
                .path("calls")
                .asLong())
        .isZero();
    assertThat(
            send("/api/red/services/ledger?lookback=1h&tenant=team-b", TENANTS.viewerA(), null)
                .statusCode())
        .as("a tenant parameter cannot widen the scope")
        .isEqualTo(400);

    long now = System.currentTimeMillis();
    JsonNode dependencies =
        get("/api/dependencies?endTs=" + now + "&lookback=3600000", TENANTS.viewerA(), null);
    List<String> links = new ArrayList<>();
    dependencies
        .path("data")
        .forEach(l -> links.add(l.path("parent").asText() + "->" + l.path("child").asText()));
    assertThat(links).containsExactly("checkout->orders-db");
  }

  @Test
  void metricsShowTheScrapersTenantsOnlyLabelledWithTheirTenantExemplarsIncluded()
      throws Exception {
    String a = metrics(TENANTS.viewerA(), null);
    assertThat(a)
        .contains("service_name=\"checkout\"")
        .contains("tenant=\"team-a\"")
        .doesNotContain("ledger")
        .doesNotContain("accounts-db")
        .doesNotContain("team-b")
        .doesNotContain(B_TRACE)
        .contains("trace_id=\"" + A_TRACE + "\"");
    assertThat(a)
        .contains(
            "traces_service_graph_request_total{client=\"checkout\",connection_type=\"database\",server=\"orders-db\",tenant=\"team-a\"} 2");
    String b = metrics(TENANTS.viewerB(), null);
    assertThat(b)
        .contains("service_name=\"ledger\"")
        .doesNotContain("checkout")
        .doesNotContain(A_TRACE);

    String both = metrics(carol, "team-a|team-b");
    assertThat(both).contains("tenant=\"team-a\"").contains("tenant=\"team-b\"");

    JsonNode query =
        get(
            "/api/v1/query?query="
                + URLEncoder.encode(
                    "sum by (service_name, tenant) (traces_span_metrics_calls_total)",
                    StandardCharsets.UTF_8)
                // a moment ahead: the samples of the slot still filling are stamped with the
                // store's now
                + "&time="
                + (System.currentTimeMillis() + 2_000) / 1000.0,
            TENANTS.viewerA(),
            null);
    List<String> found = new ArrayList<>();
    query
        .path("data")
        .path("result")
        .forEach(
            r ->
                found.add(
                    r.path("metric").path("tenant").asText()
                        + "/"
                        + r.path("metric").path("service_name").asText()));
    assertThat(found).containsExactly("team-a/checkout");
  }

  @Test
  void withoutATenantEveryReadIs401AndATenantTheCallerMayNotReadIs403() throws Exception {
    for (String path :
        List.of(
            "/api/topology?lookback=1h",
            "/api/topology/paths?from=checkout&to=orders-db",
            "/api/topology/edges/series?source=checkout&target=orders-db",
            "/api/red/services",
            "/api/red/services/checkout",
            "/api/red/series?service=checkout",
            "/metrics")) {
      HttpResponse<String> none = send(path, carol, null);
      assertThat(none.statusCode()).as(path).isEqualTo(401);
      assertThat(none.body()).as(path).doesNotContain("ledger").doesNotContain("checkout\"");
      HttpResponse<String> forged = send(path, TENANTS.viewerA(), "team-b");
      assertThat(forged.statusCode()).as(path).isEqualTo(403);
      assertThat(forged.body())
          .as(path)
          .contains("not allowed to read tenant team-b")
          .doesNotContain("ledger");
    }
  }

  /** Per trace ID (32 hex digits): a SERVER span of {@code service} and its CLIENT call to database {@code db}. */
  private static void send(
      String service, String db, List<String> traceIds, SpanExporter exporter) {
    String operation = service.equals("ledger") ? "POST /transfer" : "GET /cart";
    List<SpanData> spans =
        SdkSpanExports.record(
            RealClients.resource(service),
            SdkSpanExports.fixedTraceIds(traceIds),
            tracer -> {
              for (int i = 0; i < traceIds.size(); i++) {
                Span request =
                    tracer.spanBuilder(operation).setSpanKind(SpanKind.SERVER).startSpan();
                Span query =
                    tracer
                        .spanBuilder("SELECT " + db)
                        .setSpanKind(SpanKind.CLIENT)
                        .setParent(Context.root().with(request))
                        .setAttribute("db.name", db)
                        .startSpan();
                query.setStatus(StatusCode.OK);
                query.end();
                request.end();
              }
            });
    assertThat(SdkSpanExports.accepted(exporter, spans)).isTrue();
  }

  private static void awaitServices(String token, String service) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> red = send("/api/red/services?lookback=1h", token, null);
      if (red.statusCode() == 200
          && red.body().contains("\"" + service + "\"")
          && red.body().contains("\"calls\":2")) {
        HttpResponse<String> topology = send("/api/topology?lookback=1h", token, null);
        if (topology.body().contains("-db\"")) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError(service + " never showed in the RED and topology of its tenant");
  }

  private static String metrics(String token, String tenant) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(TENANTS.queries().base() + "/metrics"))
            .header("Accept", "application/openmetrics-text; version=1.0.0")
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10));
    if (tenant != null) {
      request.header("X-Scope-OrgID", tenant);
    }
    HttpResponse<String> response =
        HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static List<String> paths(String pathAndQuery, String token, String tenant)
      throws Exception {
    List<String> out = new ArrayList<>();
    get(pathAndQuery, token, tenant).path("paths").forEach(path -> out.add(path.toString()));
    return out;
  }

  private static long requests(JsonNode points) {
    long sum = 0;
    for (JsonNode point : points) {
      sum += point.path("calls").asLong();
    }
    return sum;
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(node -> out.add(node.path(field).asText()));
    return out;
  }

  private static HttpResponse<String> send(String pathAndQuery, String token, String tenant)
      throws IOException, InterruptedException {
    return TENANTS.queries().get(pathAndQuery, token, tenant);
  }

  private static JsonNode get(String pathAndQuery, String token, String tenant) throws Exception {
    return TENANTS.queries().getJson(pathAndQuery, token, tenant);
  }
}
