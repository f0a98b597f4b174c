package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.alerting.model.Alert;
import io.tracemate.common.tenant.TenantScope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Loki ruler block with {@code enable_api: false}: the ruler APIs answer 404 as Loki's do when disabled, while the
 * rules of the rule directory are still evaluated, their alerts linking to the one external URL, and Tracemate's own
 * read-only rule routes (the namespaces, the preview) are still served.
 */
class RulerApiSwitchEndToEndTest {
  @TempDir Path dir;

  @Test
  void withTheApiOffTheRoutesAnswer404AndTheDirectorysRulesStillRun() throws Exception {
    Path rules = dir.resolve("rules");
    Files.createDirectories(rules.resolve("fake"));
    Files.writeString(
        rules.resolve("fake").resolve("always.yaml"),
        """
        groups:
          - name: always
            kind: promql
            interval: 1s
            rules:
              - alert: AlwaysFiring
                expr: vector(1) > 0
        """);
    String yaml =
        """
        ruler:
          storage: {type: local, local: {directory: "%s"}}
          rule_path: /tmp/scratch
          enable_api: false
          evaluation_interval: 1s
          evaluation_delay_duration: 0s
          external_url: https://tracemate.bank.example/
        """
            .formatted(rules);
    try (RunningServer server =
        new RunningServer(TracemateServer.start(RunningServer.yamlConfig(dir, yaml)))) {
      HttpClient http = HttpClient.newHttpClient();
      for (String path :
          List.of(
              "/loki/api/v1/rules",
              "/loki/api/v1/rules/always",
              "/api/prom/rules",
              "/prometheus/api/v1/rules",
              "/prometheus/api/v1/alerts")) {
        HttpResponse<String> answer = server.get(path);
        assertThat(answer.statusCode()).as(path).isEqualTo(404);
      }
      assertThat(server.get("/loki/api/v1/rules").body()).startsWith("404 page not found");
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(URI.create(server.httpBase() + "/loki/api/v1/rules/ns"))
                  .header("Content-Type", "application/yaml")
                  .POST(HttpRequest.BodyPublishers.ofString("name: g\nrules: []\n"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(404);

      // Tracemate's own rule routes change nothing and stay: the namespaces, all read-only now that
      // no API can change them, and the preview.
      HttpResponse<String> namespaces = server.get("/api/rules/namespaces");
      assertThat(namespaces.statusCode()).isEqualTo(200);
      assertThat(namespaces.body())
          .contains("\"name\":\"always.yaml\"")
          .contains("\"readOnly\":true")
          .doesNotContain("\"readOnly\":false");
      HttpResponse<String> preview =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(server.httpBase() + "/api/rules/preview?lookback=10m&step=1m"))
                  .header("Content-Type", "application/yaml")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "name: g\nkind: promql\nrules:\n  - alert: A\n    expr: vector(1) > 0\n"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      List<Alert> alerts = List.of();
      while (alerts.isEmpty() && System.nanoTime() < deadline) {
        alerts = server.server().ruler().alerts(TenantScope.DEFAULT);
        Thread.sleep(50);
      }
      assertThat(alerts).extracting(Alert::name).containsExactly("AlwaysFiring");
      assertThat(alerts.getFirst().generatorUrl()).startsWith("https://tracemate.bank.example/");
    }
  }
}
