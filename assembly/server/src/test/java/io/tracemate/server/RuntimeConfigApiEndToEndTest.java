package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracemate.testing.TemporaryFolder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /runtime_config} (Loki's) and the audit records of the overrides file's changes, on a real server
 * with the audit log on: every value in force per tenant, {@code mode=diff} only what differs from the defaults; a
 * change that loads is recorded with the tenants and keys it changed, a refused one with its error.
 */
class RuntimeConfigApiEndToEndTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TemporaryFolder folder;
  private TracemateServer server;
  private Path overrides;

  @BeforeEach
  void start() throws Exception {
    folder = TemporaryFolder.create("tracemate-runtime-config-api");
    overrides = folder.path().resolve("overrides.yaml");
    Files.writeString(
        overrides,
        """
        overrides:
          team-a: {ingestion_rate_mb: 8, max_query_length: 1h}
          team-b: {ingestion_rate_spans: 500}
        """);
    server =
        TracemateServer.start(
            RunningServer.yamlConfig(
                folder.path(),
                """
                audit: {enabled: true}
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
  void showsEachTenantsValuesInForceAndOnlyTheDifferencesInDiffMode() throws Exception {
    String all = get("/runtime_config").body();
    assertThat(all)
        .contains("team-a:")
        .contains("ingestion_rate_mb: 8.0")
        .contains("max_query_length: 1h")
        .as("a value the tenant does not override is shown with its default")
        .contains("max_entries_limit_per_query: 5000")
        .contains("team-b:")
        .contains("ingestion_rate_spans: 500")
        .contains("ingestion_burst_spans: 500");

    String diff = get("/runtime_config?mode=diff").body();
    assertThat(diff)
        .contains("ingestion_rate_mb: 8.0")
        .contains("max_query_length: 1h")
        .contains("ingestion_rate_spans: 500")
        .doesNotContain("max_entries_limit_per_query")
        .doesNotContain("query_timeout");
    assertThat(get("/runtime_config?mode=everything").statusCode()).isEqualTo(400);
  }

  @Test
  void everyAcceptedAndRefusedChangeOfTheFileIsAudited() throws Exception {
    replace(
        """
        overrides:
          team-a: {ingestion_rate_mb: 8, max_query_length: 2h}
          team-c: {max_entries_limit_per_query: 10}
        """);
    awaitTrue(() -> audit("overrides_changed").path("records").size() > 0, "the change is audited");
    JsonNode changed = audit("overrides_changed").path("records").get(0);
    assertThat(changed.path("actor").asText()).isEqualTo("runtime-config");
    assertThat(changed.path("status").asInt()).isEqualTo(200);
    assertThat(changed.path("endpoint").asText()).endsWith("overrides.yaml");
    assertThat(changed.path("query").asText())
        .isEqualTo(
            "team-a: max_query_length; team-b: ingestion_rate_spans, ingestion_burst_spans;"
                + " team-c: max_entries_limit_per_query");
    assertThat(changed.path("tenants").toString()).contains("team-a", "team-b", "team-c");

    replace("overrides:\n  team-a: {ingestion_rate_mbb: 8}\n");
    awaitTrue(
        () -> audit("overrides_refused").path("records").size() > 0, "the refusal is audited");
    JsonNode refused = audit("overrides_refused").path("records").get(0);
    assertThat(refused.path("status").asInt()).isEqualTo(400);
    assertThat(refused.path("query").asText())
        .contains("overrides.team-a.ingestion_rate_mbb")
        .contains("line 2");
    assertThat(get("/runtime_config?mode=diff").body())
        .as("the refused file left the previous overrides in force")
        .contains("max_query_length: 2h");
  }

  private void replace(String yaml) throws Exception {
    Path next = overrides.resolveSibling("overrides.yaml.next");
    Files.writeString(next, yaml);
    Files.move(
        next, overrides, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private JsonNode audit(String action) {
    try {
      HttpResponse<String> response = get("/api/admin/audit?action=" + action);
      assertThat(response.statusCode()).isEqualTo(200);
      return RunningServer.JSON.readTree(response.body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Polls for at most 20 s (the file is checked every 100 ms). */
  private static void awaitTrue(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
