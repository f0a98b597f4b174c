package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Per-tenant runtime overrides (Loki's {@code runtime_config}) on a real server: a tenant over its overridden
 * rate gets Loki's 429 naming its limit while another tenant is unaffected; a changed file takes effect while the
 * server runs; a broken file keeps the previous overrides and the reload metric says so.
 */
class RuntimeOverridesEndToEndTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** 2000 bytes: over a 1048-byte burst (0.001 MiB), well within a 1 MiB one. */
  private static final String LINE = "x".repeat(2000);

  private TemporaryFolder folder;
  private TracemateServer server;
  private Path overrides;

  @BeforeEach
  void start() throws Exception {
    folder = TemporaryFolder.create("tracemate-runtime-overrides");
    overrides = folder.path().resolve("overrides.yaml");
    Files.writeString(
        overrides,
        """
        overrides:
          team-a: {ingestion_rate_mb: 0.001, ingestion_burst_size_mb: 0.001}
        """);
    server =
        TracemateServer.start(
            RunningServer.yamlConfig(
                folder.path(),
                """
                runtime_config: {file: "%s", period: 100ms}
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
  void aTenantOverItsOverriddenRateIsRefusedNamingItsLimitAndOthersAreNot() throws Exception {
    HttpResponse<String> refused = push("team-a");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body())
        .contains("Ingestion rate limit exceeded for user team-a (limit: 1048 bytes/sec)");
    assertThat(push("team-b").statusCode()).isEqualTo(204);
    assertThat(metric("tracemate_runtime_config_last_reload_successful")).isEqualTo(1);
  }

  @Test
  void aChangedFileTakesEffectWhileTheServerRunsAndABrokenOneKeepsThePrevious() throws Exception {
    assertThat(push("team-a").statusCode()).isEqualTo(429);
    replace(
        """
        overrides:
          team-a: {ingestion_rate_mb: 1, ingestion_burst_size_mb: 1}
        """);
    awaitTrue(() -> pushStatus("team-a") == 204, "the raised limit is in force");

    double loadedAt = metric("tracemate_runtime_config_last_reload_success_timestamp_seconds");
    replace(
        """
        overrides:
          team-a: {ingestion_rate_mb: 0.001, ingestion_burst_sizee_mb: 0.001}
        """);
    awaitTrue(
        () -> metric("tracemate_runtime_config_last_reload_successful") == 0,
        "the broken file is reported");
    assertThat(push("team-a").statusCode())
        .as("the previous overrides (1 MiB/s) stay in force")
        .isEqualTo(204);
    assertThat(metric("tracemate_runtime_config_last_reload_success_timestamp_seconds"))
        .isEqualTo(loadedAt);
  }

  /**
   * Replaces the file whole, as a Kubernetes ConfigMap update does: a reader never sees it half written (which it
   * would take for what it says).
   */
  private void replace(String yaml) throws Exception {
    Path next = overrides.resolveSibling("overrides.yaml.next");
    Files.writeString(next, yaml);
    Files.move(
        next, overrides, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private HttpResponse<String> push(String tenant) throws Exception {
    String body =
        "{\"streams\":[{\"stream\":{\"app\":\"overrides\"},\"values\":[[\""
            + System.currentTimeMillis() * 1_000_000L
            + "\",\""
            + LINE
            + "\"]]}]}";
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base() + "/loki/api/v1/push"))
            .header("X-Scope-OrgID", tenant)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private int pushStatus(String tenant) {
    try {
      return push(tenant).statusCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private double metric(String name) {
    try {
      String text =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create(base() + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      for (String line : text.split("\n")) {
        if (line.startsWith(name + " ")) {
          return Double.parseDouble(line.substring(name.length() + 1).trim());
        }
      }
      throw new AssertionError(name + " not on /metrics");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Polls for at most 20 s (the file is checked every 100 ms). */
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
