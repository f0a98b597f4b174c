package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.alerting.model.AlertState;
import io.tracemate.alerting.model.Evidence;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.server.config.ConfigLoader;
import io.tracemate.server.config.TracemateConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier as the server wires it from the {@code alerting} block: a silence made through the server's
 * silences API (through its access layer) mutes the alerts it matches, and the others reach the configured
 * webhook with their evidence.
 */
class NotificationsEndToEndTest {
  @TempDir Path dir;

  @Test
  void aSilenceMadeThroughTheApiMutesItsAlertsAndTheOthersReachTheWebhook() throws Exception {
    Queue<String> bodies = new ConcurrentLinkedQueue<>();
    Server hook =
        Server.builder()
            .http(new InetSocketAddress("127.0.0.1", 0))
            .gracefulShutdownTimeoutMillis(0, 0)
            .service(
                "/hook",
                (ctx, req) ->
                    HttpResponse.of(
                        req.aggregate()
                            .thenApply(
                                r -> {
                                  bodies.add(r.contentUtf8());
                                  return HttpResponse.of(HttpStatus.OK);
                                })))
            .build();
    hook.start().join();
    TracemateConfig config =
        RunningServer.yamlConfig(
            dir,
            """
            ruler:
              external_url: https://tracemate.bank.example
            alerting:
              receivers:
                - name: team
                  webhook_configs: [{url: "http://127.0.0.1:%d/hook"}]
              route:
                receiver: team
                group_by: [service]
                group_wait: 0s
                group_interval: 200ms
            """
                .formatted(hook.activeLocalPort()));
    try (RunningServer server = new RunningServer(TracemateServer.start(config))) {
      Instant now = Instant.now();
      String silence =
          """
          {"matchers": [{"name": "service", "value": "cart", "isRegex": false}],
           "startsAt": "%s", "endsAt": "%s", "createdBy": "alice", "comment": "deploy"}
          """
              .formatted(now, now.plusSeconds(3600));
      var created =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.httpBase() + "/api/v2/silences"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(silence))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).isEqualTo(200);
      JsonNode listed = RunningServer.JSON.readTree(server.get("/api/alerting/silences").body());
      assertThat(listed).hasSize(1);
      assertThat(listed.at("/0/status/state").asText()).isEqualTo("active");

      server
          .server()
          .alertSink()
          .accept(
              new AlertBatch(
                  TenantId.DEFAULT,
                  "rules.yaml",
                  "errors",
                  Duration.ofMinutes(1),
                  now,
                  List.of(firing("checkout", now), firing("cart", now))));

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (bodies.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(bodies).hasSize(1);
      Thread.sleep(600);
      assertThat(bodies).hasSize(1);
      JsonNode body = RunningServer.JSON.readTree(bodies.peek());
      assertThat(body.at("/groupLabels/service").asText()).isEqualTo("checkout");
      assertThat(body.at("/alerts/0/labels/tenant").asText()).isEqualTo("fake");
      assertThat(body.at("/alerts/0/evidence/traceLinks/0").asText())
          .isEqualTo("https://tracemate.bank.example/trace/4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(server.get("/metrics").body())
          .contains(
              "tracemate_notifications_total{integration=\"webhook\",outcome=\"success\"} 1.0")
          .contains("tracemate_notifier_silences{state=\"active\"} 1.0");
    } finally {
      hook.stop().join();
    }
  }

  @Test
  void aRouteToAnUnknownReceiverStopsTheStartNamingTheKey() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        """
        alerting:
          receivers: [{name: team}]
          route: {receiver: tema}
        """);
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("alerting")
        .hasMessageContaining("no receiver named 'tema'");
  }

  private static Alert firing(String service, Instant now) {
    return new Alert(
        TenantId.DEFAULT,
        new TreeMap<>(Map.of("alertname", "HighErrorRate", "service", service)),
        Map.of("summary", service + " fails"),
        AlertState.FIRING,
        now.minusSeconds(120),
        now.minusSeconds(60),
        null,
        0.2,
        "https://tracemate.bank.example/explore",
        new Evidence(List.of(), List.of("4bf92f3577b34da6a3ce929d0e0e4736")));
  }
}
