package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracemate.testing.TemporaryFolder;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant query limits from the runtime overrides file on a real server, asked through Loki's query API: each
 * tenant gets its own max_entries_limit_per_query, max_query_length, max_query_series and max_query_lookback in
 * Loki's words; a query over {@code a|b} runs under the strictest of each; a changed file takes effect while the
 * server runs.
 */
class RuntimeOverridesQueryLimitsEndToEndTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final long HOUR_NANOS = Duration.ofHours(1).toNanos();

  private TemporaryFolder folder;
  private TracemateServer server;
  private Path overrides;

  @BeforeEach
  void start() throws Exception {
    folder = TemporaryFolder.create("tracemate-query-overrides");
    overrides = folder.path().resolve("overrides.yaml");
    Files.writeString(
        overrides,
        """
        overrides:
          team-a:
            max_entries_limit_per_query: 10
            max_query_length: 1h
            max_query_series: 1
            query_timeout: 7s
          team-b:
            max_entries_limit_per_query: 50
            max_query_length: 0
          team-c:
            max_query_lookback: 1h
        """);
    server =
        TracemateServer.start(
            RunningServer.yamlConfig(
                folder.path(),
                """
                runtime-config: {file: "%s", period: 100ms}
                """
                    .formatted(overrides.toString().replace("\\", "/"))));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (folder != null) {
      folder.close();
    }
  }

  @Test
  void eachTenantGetsItsOwnLimitsAndSeveralTenantsTheStrictest() throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    HttpResponse<String> tooMany = query("team-a", "{app=~\"a.*\"}", now - HOUR_NANOS / 2, now, 20);
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body())
        .contains("max entries limit per query exceeded, limit > max_entries_limit (20 > 10)");
    assertThat(query("team-b", "{app=~\"a.*\"}", now - HOUR_NANOS / 2, now, 20).statusCode())
        .isEqualTo(200);
    assertThat(query("team-a|team-b", "{app=~\"a.*\"}", now - HOUR_NANOS / 2, now, 20).body())
        .as("a|b: the smaller of 10 and 50")
        .contains("(20 > 10)");

    HttpResponse<String> tooLong = query("team-a", "{app=\"a1\"}", now - 2 * HOUR_NANOS, now, 5);
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body())
        .contains("the query time range exceeds the limit (query length: 2h, limit: 1h)");
    long yearNanos = Duration.ofDays(365).toNanos();
    assertThat(query("team-b", "{app=\"a1\"}", now - yearNanos, now, 5).statusCode())
        .as("max_query_length: 0 is no limit, over the configured 30 days")
        .isEqualTo(200);
    assertThat(query("fake", "{app=\"a1\"}", now - yearNanos, now, 5).body())
        .as("a tenant without overrides keeps the configured 30 days")
        .contains("limit: 4w2d)");

    assertThat(drilldownLimits("team-a").path("limits").path("query_timeout").asText())
        .isEqualTo("7s");
    assertThat(drilldownLimits("team-b").path("limits").path("query_timeout").asText())
        .isEqualTo("30s");
    assertThat(drilldownLimits("team-a|team-b").path("limits").path("max_query_length").asText())
        .as("strictest of 1h and none")
        .isEqualTo("1h");
  }

  @Test
  void aTenantsSeriesLimitStopsAMetricQueryOverIt() throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    for (String tenant : new String[] {"team-a", "team-b"}) {
      assertThat(push(tenant, "a1", now - 1_000_000_000L, "one")).isEqualTo(204);
      assertThat(push(tenant, "a2", now - 1_000_000_000L, "two")).isEqualTo(204);
    }
    String metric = "sum by (app) (count_over_time({app=~\"a.*\"}[5m]))";
    awaitTrue(
        () ->
            status(query("team-b", metric, now - HOUR_NANOS / 2, now, 0)) == 200
                && body(query("team-b", metric, now - HOUR_NANOS / 2, now, 0)).contains("\"a2\""),
        "team-b sees both series");
    HttpResponse<String> refused = query("team-a", metric, now - HOUR_NANOS / 2, now, 0);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("maximum number of series (1) reached for a single query");
  }

  @Test
  void aTenantsLookbackHidesWhatIsOlderAndAChangedFileTakesEffect() throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    assertThat(push("team-c", "c", now - 2 * HOUR_NANOS, "old line")).isEqualTo(204);
    assertThat(push("team-c", "c", now - 1_000_000_000L, "new line")).isEqualTo(204);
    assertThat(push("team-d", "c", now - 2 * HOUR_NANOS, "old line")).isEqualTo(204);
    awaitTrue(
        () ->
            body(query("team-d", "{app=\"c\"}", now - 3 * HOUR_NANOS, now, 100))
                .contains("old line"),
        "team-d, without a lookback, reads its old line");
    awaitTrue(
        () ->
            body(query("team-c", "{app=\"c\"}", now - 3 * HOUR_NANOS, now, 100))
                .contains("new line"),
        "team-c reads its new line");
    assertThat(body(query("team-c", "{app=\"c\"}", now - 3 * HOUR_NANOS, now, 100)))
        .as("older than team-c's 1h lookback")
        .doesNotContain("old line");
    assertThat(
            body(
                query(
                    "team-c",
                    "{app=\"c\"}",
                    now - 3 * HOUR_NANOS,
                    now - 90 * 60_000_000_000L,
                    100)))
        .as("wholly before the lookback: an empty answer, as Loki's")
        .contains("\"result\":[]");

    replace(
        """
        overrides:
          team-a: {max_entries_limit_per_query: 100}
          team-c: {max_query_lookback: 0}
        """);
    awaitTrue(
        () ->
            body(query("team-c", "{app=\"c\"}", now - 3 * HOUR_NANOS, now, 100))
                .contains("old line"),
        "the lookback lifted while the server runs");
    assertThat(query("team-a", "{app=~\"a.*\"}", now - HOUR_NANOS / 2, now, 20).statusCode())
        .isEqualTo(200);
  }

  private void replace(String yaml) throws Exception {
    Path next = overrides.resolveSibling("overrides.yaml.next");
    Files.writeString(next, yaml);
    Files.move(
        next, overrides, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private int push(String tenant, String app, long tsNanos, String line) throws Exception {
    String body =
        "{\"streams\":[{\"stream\":{\"app\":\""
            + app
            + "\"},\"values\":[[\""
            + tsNanos
            + "\",\""
            + line
            + "\"]]}]}";
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(base() + "/loki/api/v1/push"))
                .header("X-Scope-OrgID", tenant)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private HttpResponse<String> query(
      String tenant, String logql, long startNanos, long endNanos, int limit) {
    String uri =
        base()
            + "/loki/api/v1/query_range?query="
            + URLEncoder.encode(logql, StandardCharsets.UTF_8)
            + "&start="
            + startNanos
            + "&end="
            + endNanos
            + "&step="
            + Math.max(60, (endNanos - startNanos) / 1_000_000_000L / 1000)
            + (limit > 0 ? "&limit=" + limit : "");
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(uri)).header("X-Scope-OrgID", tenant).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private JsonNode drilldownLimits(String tenant) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base() + "/loki/api/v1/drilldown-limits"))
                .header("X-Scope-OrgID", tenant)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return RunningServer.JSON.readTree(response.body());
  }

  private static int status(HttpResponse<String> response) {
    return response.statusCode();
  }

  private static String body(HttpResponse<String> response) {
    return response.body();
  }

  /** Polls for at most 20 s (the file is checked every 100 ms, the store refreshes every 100 ms). */
  private static void awaitTrue(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private String base() {
    return "http://127.0.0.1:" + server.httpPort();
  }
}
