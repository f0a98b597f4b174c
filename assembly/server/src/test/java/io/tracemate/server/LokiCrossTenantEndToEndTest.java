package io.tracemate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every Loki read of a real server (auth and multitenancy on) asked as tenant A, as B, as {@code A|B}, with no
 * tenant and for a tenant the caller may not read, after Loki pushes for A and for B (bearer tokens bound to each
 * tenant, as Promtail and Alloy send them): A never sees B, a cross-tenant answer says whose each stream is
 * ({@code __tenant_id__}, usable in selectors), per-query limits hold for the whole query, and refusals are Loki's
 * plain text.
 */
class LokiCrossTenantEndToEndTest {
  private static final String A = TwoTenantServer.A;
  private static final String B = TwoTenantServer.B;
  private static final String BOTH = A + "|" + B;
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SELECTOR = "{app=\"mt\"}";

  @RegisterExtension
  static final TwoTenantServer TENANTS = TwoTenantServer.perClass("tracemate-loki-cross-tenant");

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static long pushedAt;

  @BeforeAll
  static void pushLinesOfBothTenants() throws Exception {
    pushedAt = System.currentTimeMillis() * 1_000_000L - 60_000_000_000L;
    String writerA = TENANTS.writerA();
    String writerB = TENANTS.writerB();
    for (int i = 0; i < 3; i++) {
      push(writerA, "mt", "a", pushedAt + i, "msg=alpha-" + i + " alpha_field=" + i, i == 0);
      push(writerB, "mt", "b", pushedAt + 10 + i, "msg=beta-" + i + " beta_field=" + i, i == 0);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (lines(read(queryRange(SELECTOR, 100), BOTH)).size() < 6
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(lines(read(queryRange(SELECTOR, 100), BOTH))).hasSize(6);
  }

  @Test
  void logQueriesOfOneTenantSeeItsLinesOnlyAndOfBothSeeEachWithItsTenant() throws Exception {
    assertThat(lines(read(queryRange(SELECTOR, 100), A)))
        .containsExactlyInAnyOrder(
            "msg=alpha-0 alpha_field=0", "msg=alpha-1 alpha_field=1", "msg=alpha-2 alpha_field=2");
    assertThat(lines(read(queryRange(SELECTOR, 100), B))).allMatch(l -> l.startsWith("msg=beta"));
    assertThat(lines(read(queryRange(SELECTOR, 100), B))).hasSize(3);

    JsonNode both = json(read(queryRange(SELECTOR, 100), BOTH));
    List<String> tenantsOfStreams = new ArrayList<>();
    for (JsonNode stream : both.path("data").path("result")) {
      String tenant = stream.path("stream").path("__tenant_id__").asText();
      tenantsOfStreams.add(tenant);
      String expectedPrefix = tenant.equals(A) ? "msg=alpha" : "msg=beta";
      for (JsonNode value : stream.path("values")) {
        assertThat(value.path(1).asText()).startsWith(expectedPrefix);
      }
    }
    // The traced line's structured metadata makes a stream of its own in the answer, as in Loki.
    assertThat(tenantsOfStreams).containsOnly(A, B).contains(A, B);
    assertThat(
            json(read(queryRange(SELECTOR, 100), A))
                .path("data")
                .path("result")
                .path(0)
                .path("stream")
                .has("__tenant_id__"))
        .as("a single-tenant answer is as before")
        .isFalse();

    assertThat(lines(read(queryRange("{app=\"mt\", __tenant_id__=\"team-b\"}", 100), BOTH)))
        .hasSize(3)
        .allMatch(l -> l.startsWith("msg=beta"));
    assertThat(lines(read(queryRange("{app=\"mt\", __tenant_id__!=\"team-b\"}", 100), BOTH)))
        .hasSize(3)
        .allMatch(l -> l.startsWith("msg=alpha"));
    assertThat(lines(read(queryRange(SELECTOR, 2), BOTH)))
        .as("limit is over the whole query, not per tenant")
        .hasSize(2);
  }

  @Test
  void metricQueriesCountPerTenantAndAggregateByTenant() throws Exception {
    String byTenant = "sum by (__tenant_id__) (count_over_time(" + SELECTOR + "[10m]))";
    JsonNode both = json(read(instant(byTenant), BOTH));
    assertThat(both.path("data").path("result")).hasSize(2);
    for (JsonNode series : both.path("data").path("result")) {
      assertThat(series.path("metric").path("__tenant_id__").asText()).isIn(A, B);
      assertThat(series.path("value").path(1).asText()).isEqualTo("3");
    }
    JsonNode a = json(read(instant("sum(count_over_time(" + SELECTOR + "[10m]))"), A));
    assertThat(a.path("data").path("result").path(0).path("value").path(1).asText()).isEqualTo("3");
    JsonNode total = json(read(instant("sum(count_over_time(" + SELECTOR + "[10m]))"), BOTH));
    assertThat(total.path("data").path("result").path(0).path("value").path(1).asText())
        .isEqualTo("6");

    JsonNode range =
        json(
            read(
                "/loki/api/v1/query_range?query="
                    + encode("count_over_time(" + SELECTOR + "[10m])")
                    + "&start="
                    + (pushedAt - 1_000_000_000L)
                    + "&end="
                    + (pushedAt + 120_000_000_000L)
                    + "&step=60",
                BOTH));
    assertThat(range.path("data").path("result"))
        .extracting(s -> s.path("metric").path("__tenant_id__").asText())
        .containsOnly(A, B)
        .contains(A, B);
  }

  @Test
  void metadataEndpointsAreScopedAndSayTheTenant() throws Exception {
    assertThat(strings(json(read("/loki/api/v1/labels", A)).path("data")))
        .containsExactly("app", "only");
    assertThat(strings(json(read("/loki/api/v1/labels", BOTH)).path("data")))
        .containsExactly("__tenant_id__", "app", "only");
    assertThat(strings(json(read("/loki/api/v1/label/only/values", A)).path("data")))
        .containsExactly("a");
    assertThat(strings(json(read("/loki/api/v1/label/only/values", BOTH)).path("data")))
        .containsExactly("a", "b");
    assertThat(strings(json(read("/loki/api/v1/label/__tenant_id__/values", BOTH)).path("data")))
        .containsExactly(A, B);

    assertThat(json(read("/loki/api/v1/series?match[]=" + encode(SELECTOR), B)).path("data"))
        .extracting(s -> s.path("only").asText() + "/" + s.has("__tenant_id__"))
        .containsExactly("b/false");
    assertThat(json(read("/loki/api/v1/series?match[]=" + encode(SELECTOR), BOTH)).path("data"))
        .extracting(s -> s.path("only").asText() + "/" + s.path("__tenant_id__").asText())
        .containsExactlyInAnyOrder("a/" + A, "b/" + B);

    String stats = "/loki/api/v1/index/stats?query=" + encode(SELECTOR);
    assertThat(json(read(stats, A)).path("entries").asLong()).isEqualTo(3);
    assertThat(json(read(stats, BOTH)).path("entries").asLong()).isEqualTo(6);
    assertThat(json(read(stats, BOTH)).path("streams").asLong()).isEqualTo(2);
  }

  @Test
  void discoveryEndpointsAreScoped() throws Exception {
    String volume = "/loki/api/v1/index/volume?query=" + encode(SELECTOR) + "&targetLabels=only";
    assertThat(read(volume, A).body()).contains("\"only\":\"a\"").doesNotContain("\"only\":\"b\"");
    assertThat(read(volume, BOTH).body()).contains("\"only\":\"a\"", "\"only\":\"b\"");
    String volumeRange =
        "/loki/api/v1/index/volume_range?query=" + encode(SELECTOR) + "&targetLabels=only&step=60";
    assertThat(read(volumeRange, B).body())
        .contains("\"only\":\"b\"")
        .doesNotContain("\"only\":\"a\"");

    String patterns = "/loki/api/v1/patterns?query=" + encode(SELECTOR);
    assertThat(read(patterns, A).body()).contains("alpha").doesNotContain("beta");
    assertThat(read(patterns, BOTH).body()).contains("alpha", "beta");

    String fields = "/loki/api/v1/detected_fields?query=" + encode(SELECTOR);
    assertThat(read(fields, A).body()).contains("alpha_field").doesNotContain("beta_field");
    assertThat(read(fields, BOTH).body()).contains("alpha_field", "beta_field");
    String fieldValues = "/loki/api/v1/detected_field/msg/values?query=" + encode(SELECTOR);
    assertThat(read(fieldValues, B).body()).contains("beta-0").doesNotContain("alpha");

    String labels = "/loki/api/v1/detected_labels?query=" + encode(SELECTOR);
    assertThat(read(labels, A).body()).doesNotContain(B).doesNotContain("__tenant_id__");
    assertThat(read(labels, BOTH).body()).contains("__tenant_id__");
  }

  @Test
  void logsOfATraceAreScopedAndSayTheTenant() throws Exception {
    String path = "/api/logs/trace/" + TRACE;
    JsonNode a = json(read(path, A));
    assertThat(a.path("entries"))
        .extracting(e -> e.path("line").asText())
        .containsExactly("msg=alpha-0 alpha_field=0");
    JsonNode both = json(read(path, BOTH));
    assertThat(both.path("entries"))
        .extracting(
            e -> e.path("stream").path("__tenant_id__").asText() + " " + e.path("line").asText())
        .containsExactly(A + " msg=alpha-0 alpha_field=0", B + " msg=beta-0 beta_field=0");
  }

  @Test
  void aLiveTailOfBothTenantsLabelsEachAndATailOfOneNeverSeesTheOther() throws Exception {
    List<String> ofA = new CopyOnWriteArrayList<>();
    List<String> ofBoth = new CopyOnWriteArrayList<>();
    WebSocket tailA = tail("{app=\"mt-live\"}", A, ofA);
    WebSocket tailBoth = tail("{app=~\"mt.*\"}", BOTH, ofBoth);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      int round = 0;
      while ((ofA.stream().noneMatch(m -> m.contains("live-a"))
              || ofBoth.stream().noneMatch(m -> m.contains("live-a"))
              || ofBoth.stream().noneMatch(m -> m.contains("live-b")))
          && System.nanoTime() < deadline) {
        long now = System.currentTimeMillis() * 1_000_000L;
        // B first: a leak to A's tail would reach it before A's own line.
        push(TENANTS.writerB(), "mt-live", "b", now, "live-b " + round, false);
        push(TENANTS.writerA(), "mt-live", "a", now + 1, "live-a " + round, false);
        round++;
        Thread.sleep(300);
      }
      assertThat(ofA).anyMatch(m -> m.contains("live-a"));
      assertThat(ofA).noneMatch(m -> m.contains("live-b") || m.contains("beta"));
      assertThat(ofA).noneMatch(m -> m.contains("__tenant_id__"));
      List<String> tenantsSeen = new ArrayList<>();
      for (String message : ofBoth) {
        for (JsonNode stream : RunningServer.JSON.readTree(message).path("streams")) {
          String tenant = stream.path("stream").path("__tenant_id__").asText();
          tenantsSeen.add(tenant);
          for (JsonNode value : stream.path("values")) {
            String line = value.path(1).asText();
            assertThat(line.startsWith("live-a") || line.startsWith("msg=alpha"))
                .as("%s is tenant %s's line", line, tenant)
                .isEqualTo(tenant.equals(A));
          }
        }
      }
      assertThat(tenantsSeen).contains(A, B);
    } finally {
      tailA.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
      tailBoth.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void noTenantIsRefusedInLokisWordsAndATenantTheCallerMayNotReadIsForbidden() throws Exception {
    String carol = TENANTS.oidcToken("carol");
    String dave = TENANTS.oidcToken("dave");
    for (String path :
        List.of(
            queryRange(SELECTOR, 10),
            "/loki/api/v1/labels",
            "/loki/api/v1/series?match[]=" + encode(SELECTOR),
            "/loki/api/v1/index/volume?query=" + encode(SELECTOR),
            "/loki/api/v1/patterns?query=" + encode(SELECTOR),
            "/api/logs/trace/" + TRACE)) {
      boolean loki = path.startsWith("/loki/");
      HttpResponse<String> none = get(path, carol, null);
      assertThat(none.statusCode()).as(path).isEqualTo(401);
      // Loki's plain text on Loki's paths; /api/logs/trace answers refusals in the /api family's
      // JSON.
      assertThat(none.body()).as(path).contains("no org id");
      if (loki) {
        assertThat(none.body()).as(path).startsWith("no org id");
        assertThat(none.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      }

      HttpResponse<String> partly = get(path, dave, BOTH);
      assertThat(partly.statusCode()).as(path).isEqualTo(403);
      assertThat(partly.body()).as(path).contains("not allowed to read tenant team-b");
      if (loki) {
        assertThat(partly.body()).as(path).isEqualTo("not allowed to read tenant team-b\n");
      }
      assertThat(get(path, dave, A).statusCode()).as(path).isEqualTo(200);

      HttpResponse<String> forged = get(path, TENANTS.viewerA(), B);
      assertThat(forged.statusCode()).as(path).isEqualTo(403);
      assertThat(forged.body()).doesNotContain("beta");
      assertThat(get(path, TENANTS.viewerA(), BOTH).statusCode()).as(path).isEqualTo(403);
    }
    HttpResponse<String> tailNone = get("/loki/api/v1/tail?query=" + encode(SELECTOR), carol, null);
    assertThat(tailNone.statusCode()).isEqualTo(401);
    HttpResponse<String> tailForbidden =
        get("/loki/api/v1/tail?query=" + encode(SELECTOR), dave, BOTH);
    assertThat(tailForbidden.statusCode()).isEqualTo(403);
  }

  @Test
  void aBrowsersTailCarriesItsTokenAndTenantInTheSubprotocolsSinceItCannotSendHeaders()
      throws Exception {
    String dave = TENANTS.oidcToken("dave");
    List<String> ofA = new CopyOnWriteArrayList<>();
    WebSocket tailA =
        tail(
            SELECTOR,
            ofA,
            builder ->
                builder.subprotocols(
                    "tracemate.v1",
                    "tracemate.bearer." + base64Url(dave),
                    "tracemate.scope." + base64Url(A)));
    try {
      // Only the tail's own protocol comes back: the credentials are never echoed.
      assertThat(tailA.getSubprotocol()).isEqualTo("tracemate.v1");
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (ofA.stream().noneMatch(m -> m.contains("alpha-2")) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(String.join("\n", ofA)).contains("alpha-0", "alpha-2").doesNotContain("beta");
    } finally {
      tailA.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    assertThatThrownBy(
            () ->
                tail(
                    SELECTOR,
                    new ArrayList<>(),
                    builder ->
                        builder.subprotocols(
                            "tracemate.v1",
                            "tracemate.bearer." + base64Url(dave),
                            "tracemate.scope." + base64Url(BOTH))))
        .satisfies(e -> assertThat(handshakeStatus(e)).isEqualTo(403));
    assertThatThrownBy(
            () ->
                tail(
                    SELECTOR,
                    new ArrayList<>(),
                    builder ->
                        builder.subprotocols("tracemate.v1", "tracemate.scope." + base64Url(A))))
        .satisfies(e -> assertThat(handshakeStatus(e)).isEqualTo(401));
    assertThatThrownBy(
            () ->
                tail(
                    SELECTOR,
                    new ArrayList<>(),
                    builder -> builder.subprotocols("tracemate.v1", "tracemate.scope.!!")))
        .satisfies(e -> assertThat(handshakeStatus(e)).isEqualTo(400));
  }

  // --- helpers

  private static void push(
      String writerToken, String app, String only, long nanos, String line, boolean traced)
      throws Exception {
    String metadata = traced ? ",{\"trace_id\":\"" + TRACE + "\"}" : "";
    String body =
        "{\"streams\":[{\"stream\":{\"app\":\""
            + app
            + "\",\"only\":\""
            + only
            + "\"},\"values\":[[\""
            + nanos
            + "\",\""
            + line
            + "\""
            + metadata
            + "]]}]}";
    HttpResponse<String> pushed =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(TENANTS.queries().base() + "/loki/api/v1/push"))
                .header("Authorization", "Bearer " + writerToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(204);
  }

  private static String queryRange(String query, int limit) {
    return "/loki/api/v1/query_range?query="
        + encode(query)
        + "&limit="
        + limit
        + "&start="
        + (pushedAt - 1_000_000_000L)
        + "&end="
        + (pushedAt + 120_000_000_000L);
  }

  private static String instant(String query) {
    return "/loki/api/v1/query?query=" + encode(query) + "&time=" + (pushedAt + 60_000_000_000L);
  }

  /** As carol, who may read both tenants, naming {@code tenants} in X-Scope-OrgID; the answer must be 200. */
  private static HttpResponse<String> read(String path, String tenants) throws Exception {
    HttpResponse<String> answer = get(path, TENANTS.oidcToken("carol"), tenants);
    assertThat(answer.statusCode())
        .as(path + " as " + tenants + ": " + answer.body())
        .isEqualTo(200);
    return answer;
  }

  private static HttpResponse<String> get(String path, String token, String tenants)
      throws Exception {
    return TENANTS.queries().get(path, token, tenants);
  }

  private static WebSocket tail(String query, String tenants, List<String> messages)
      throws Exception {
    String carol = TENANTS.oidcToken("carol");
    return tail(
        query,
        messages,
        builder ->
            builder.header("Authorization", "Bearer " + carol).header("X-Scope-OrgID", tenants));
  }

  private static String base64Url(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The status the server refused a WebSocket handshake with. */
  private static int handshakeStatus(Throwable failure) {
    Throwable cause = failure;
    while (cause != null && !(cause instanceof WebSocketHandshakeException)) {
      cause = cause.getCause();
    }
    assertThat(cause).as("a refused handshake, not %s", failure).isNotNull();
    return ((WebSocketHandshakeException) cause).getResponse().statusCode();
  }

  private static WebSocket tail(
      String query, List<String> messages, UnaryOperator<WebSocket.Builder> credentials)
      throws Exception {
    return credentials
        .apply(HTTP.newWebSocketBuilder())
        .buildAsync(
            URI.create(
                "ws://127.0.0.1:"
                    + TENANTS.server().httpPort()
                    + "/loki/api/v1/tail?query="
                    + encode(query)
                    + "&start="
                    + pushedAt),
            new TextMessageCollector(messages))
        .get(10, TimeUnit.SECONDS);
  }

  private static List<String> lines(HttpResponse<String> answer) throws Exception {
    List<String> lines = new ArrayList<>();
    for (JsonNode stream : json(answer).path("data").path("result")) {
      for (JsonNode value : stream.path("values")) {
        lines.add(value.path(1).asText());
      }
    }
    return lines;
  }

  private static List<String> strings(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(node -> result.add(node.asText()));
    return result;
  }

  private static JsonNode json(HttpResponse<String> answer) throws Exception {
    return RunningServer.JSON.readTree(answer.body());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, UTF_8);
  }
}
