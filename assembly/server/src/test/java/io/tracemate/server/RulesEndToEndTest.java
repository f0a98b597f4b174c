package io.tracemate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertState;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.testing.TemporaryFolder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Rules through the public interface of a real server: spans with a raised error share sent by the OpenTelemetry
 * SDK (as tenant A) and error lines pushed to Loki's push API for tenant A; a PromQL error-rate rule and a LogQL error-lines rule
 * posted through Loki's ruler API; Prometheus' alerts API showing them pending, then firing, the LogQL alert with
 * its lines and trace ID as evidence; tenant B seeing none of it; a bad rule answered 400 naming group, rule and
 * position; and after a restart on the same data directory the rules and the firing alerts are back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RulesEndToEndTest {
  private static final String A = "team-a";
  private static final String B = "team-b";
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  private static final String PROMQL_GROUP =
      """
      name: red
      kind: promql
      interval: 1s
      rules:
        - record: service:error_ratio:rate5m
          expr: >
            sum by (service_name) (rate(traces_span_metrics_calls_total{status_code="STATUS_CODE_ERROR"}[5m]))
            / sum by (service_name) (rate(traces_span_metrics_calls_total[5m]))
        - alert: HighErrorRate
          expr: service:error_ratio:rate5m > 0.05
          for: 3s
          labels: {severity: page}
          annotations:
            summary: "{{ $labels.service_name }} fails {{ $value | humanizePercentage }} of calls"
      """;

  private static final String LOGQL_GROUP =
      """
      name: logs
      interval: 1s
      rules:
        - alert: ErrorLines
          expr: sum by (service_name) (count_over_time({service_name="checkout"} |= "error" [5m])) > 2
          for: 3s
          annotations:
            summary: "{{ $value }} error lines in {{ $labels.service_name }}"
      """;

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static TemporaryFolder folder;
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    folder = TemporaryFolder.create("tracemate-rules-e2e");
    server = startServer();
    sendSpans();
    pushErrorLines();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (folder != null) {
      folder.close();
    }
  }

  private static RunningServer startServer() throws Exception {
    return new RunningServer(
        TracemateServer.start(
            RunningServer.yamlConfig(
                folder.path(),
                """
                ruler:
                  evaluation_interval: 1s
                  evaluation_delay_duration: 0s
                  # The rules under test only (the default rules have a test of their own).
                  default_rules: false
                """)));
  }

  /** 100 calls of checkout over the last five and a half minutes, every 5th failing. */
  private static void sendSpans() throws Exception {
    long from = Math.floorDiv(System.currentTimeMillis() - 330_000, 15_000) * 15_000;
    SdkTracerProvider provider =
        RealClients.tracerProvider(
            server.server().otlpGrpcPort(), RealClients.resource("checkout"), A);
    try {
      Tracer tracer = provider.get("rules-test");
      for (int i = 0; i < 100; i++) {
        long end = from + i * 3_000L + 1_500;
        Span span =
            tracer
                .spanBuilder("POST /pay")
                .setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(end - 30, TimeUnit.MILLISECONDS)
                .startSpan();
        if (i % 5 == 0) {
          span.setStatus(StatusCode.ERROR, "card declined");
        }
        span.end(end, TimeUnit.MILLISECONDS);
      }
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  private static void pushErrorLines() throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      if (i > 0) {
        values.append(',');
      }
      long t = now - (60 - i) * 1_000_000_000L;
      values.append(
          i == 3
              ? "[\"" + t + "\",\"error: payment timed out\",{\"trace_id\":\"" + TRACE_ID + "\"}]"
              : "[\"" + t + "\",\"error: card " + i + " declined\"]");
    }
    String body =
        "{\"streams\":[{\"stream\":{\"service_name\":\"checkout\"},\"values\":[" + values + "]}]}";
    HttpResponse<String> response = send(A, "POST", "/loki/api/v1/push", "application/json", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
  }

  private static HttpResponse<String> send(
      String tenant, String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.httpBase() + path))
            .header("X-Scope-OrgID", tenant)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, UTF_8));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String tenant, String path) throws Exception {
    return send(tenant, "GET", path, null, null);
  }

  private static JsonNode alertsOf(String tenant) throws Exception {
    HttpResponse<String> response = get(tenant, "/prometheus/api/v1/alerts");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return RunningServer.JSON.readTree(response.body()).at("/data/alerts");
  }

  /** Polls the alerts API of tenant A until one alert satisfies the condition (bounded: 30 s). */
  private static JsonNode awaitAlert(String name, Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = alertsOf(A);
      for (JsonNode alert : last) {
        if (alert.at("/labels/alertname").asText().equals(name) && condition.test(alert)) {
          return alert;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no " + name + " alert as expected; last answer: " + last);
  }

  @Test
  @Order(1)
  void rulesPostedThroughTheRulerApiGoPendingThenFireWithEvidence() throws Exception {
    HttpResponse<String> posted =
        send(A, "POST", "/loki/api/v1/rules/checkout", "application/yaml", PROMQL_GROUP);
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    assertThat(posted.body()).contains("\"status\":\"success\"");

    JsonNode pending = awaitAlert("HighErrorRate", a -> a.path("state").asText().equals("pending"));
    assertThat(pending.at("/labels/service_name").asText()).isEqualTo("checkout");
    assertThat(pending.at("/labels/severity").asText()).isEqualTo("page");
    JsonNode firing = awaitAlert("HighErrorRate", a -> a.path("state").asText().equals("firing"));
    // One call in five failed; rate() extrapolates at the edges of the 5m window, which moves with
    // the clock.
    assertThat(firing.at("/annotations/summary").asText())
        .matches("checkout fails (19|20|21)(\\.\\d+)?% of calls");
    assertThat(firing.path("activeAt").asText()).isEqualTo(pending.path("activeAt").asText());
    assertThat(Double.parseDouble(firing.path("value").asText())).isBetween(0.18, 0.22);

    posted = send(A, "POST", "/loki/api/v1/rules/checkout", "application/yaml", LOGQL_GROUP);
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    awaitAlert("ErrorLines", a -> a.path("state").asText().equals("pending"));
    JsonNode lines = awaitAlert("ErrorLines", a -> a.path("state").asText().equals("firing"));
    assertThat(lines.at("/annotations/summary").asText()).isEqualTo("4 error lines in checkout");

    // The evidence the notifier receives: the newest lines the rule counted and their trace ID.
    Alert alert =
        server.server().ruler().alerts(TenantScope.of(TenantId.parse(A))).stream()
            .filter(a -> a.name().equals("ErrorLines") && a.state() == AlertState.FIRING)
            .findFirst()
            .orElseThrow();
    assertThat(alert.evidence().logLines())
        .extracting(l -> l.line())
        .startsWith("error: payment timed out")
        .hasSize(4);
    assertThat(alert.evidence().traceIds()).containsExactly(TRACE_ID);
    assertThat(alert.generatorUrl()).contains("/logs?query=").contains("start=").contains("end=");

    // The recorded series is queryable through the Prometheus API.
    JsonNode recorded =
        RunningServer.JSON.readTree(
            get(A, "/api/v1/query?query=service:error_ratio:rate5m").body());
    assertThat(recorded.at("/data/result/0/metric/service_name").asText()).isEqualTo("checkout");

    // Prometheus' rules API lists both groups with their health.
    JsonNode rules =
        RunningServer.JSON.readTree(get(A, "/api/v1/rules?type=alert").body()).at("/data/groups");
    List<String> names = new ArrayList<>();
    for (JsonNode group : rules) {
      assertThat(group.path("file").asText()).isEqualTo("checkout");
      for (JsonNode rule : group.path("rules")) {
        names.add(rule.path("name").asText());
        assertThat(rule.path("health").asText()).isEqualTo("ok");
        assertThat(rule.path("type").asText()).isEqualTo("alerting");
      }
    }
    assertThat(names).containsExactlyInAnyOrder("HighErrorRate", "ErrorLines");
  }

  @Test
  @Order(2)
  void anotherTenantSeesNoneOfIt() throws Exception {
    assertThat(alertsOf(B)).isEmpty();
    HttpResponse<String> rules = get(B, "/loki/api/v1/rules");
    assertThat(rules.statusCode()).isEqualTo(404);
    assertThat(rules.body()).isEqualTo("no rule groups found\n");
    assertThat(get(B, "/loki/api/v1/rules/checkout/red").statusCode()).isEqualTo(404);
    assertThat(send(B, "DELETE", "/loki/api/v1/rules/checkout", null, null).statusCode())
        .isEqualTo(404);
    assertThat(
            RunningServer.JSON
                .readTree(get(B, "/prometheus/api/v1/rules").body())
                .at("/data/groups"))
        .isEmpty();
    // A's recorded series are A's.
    assertThat(
            RunningServer.JSON
                .readTree(get(B, "/api/v1/query?query=service:error_ratio:rate5m").body())
                .at("/data/result"))
        .isEmpty();
  }

  @Test
  @Order(3)
  void theRulerApiAnswersYamlAsLokiDoes() throws Exception {
    HttpResponse<String> all = get(A, "/loki/api/v1/rules");
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.headers().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
    assertThat(all.body()).startsWith("checkout:\n").contains("name: red").contains("name: logs");
    HttpResponse<String> group = get(A, "/api/prom/rules/checkout/red");
    assertThat(group.statusCode()).isEqualTo(200);
    assertThat(group.body())
        .startsWith("name: red\n")
        .contains("kind: promql")
        .contains("alert: HighErrorRate");
  }

  @Test
  @Order(4)
  void aBadRuleIsRefusedNamingGroupRuleAndPosition() throws Exception {
    HttpResponse<String> response =
        send(
            A,
            "POST",
            "/loki/api/v1/rules/checkout",
            "application/yaml",
            """
            name: broken
            kind: promql
            rules:
              - alert: Fine
                expr: up == 0
              - alert: Typo
                expr: sum(rate(traces_span_metrics_calls_total[5m]) by
            """);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .startsWith("checkout:7:")
        .contains("group \"broken\", rule 1, \"Typo\": could not parse expression as promql");
    // Nothing of it was stored.
    assertThat(get(A, "/loki/api/v1/rules/checkout/broken").statusCode()).isEqualTo(404);
    // Writes need one tenant.
    assertThat(
            send(A + "|" + B, "POST", "/loki/api/v1/rules/x", "application/yaml", LOGQL_GROUP)
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  @Order(5)
  void rulesAndFiringAlertsSurviveARestart() throws Exception {
    // The log lines are stored (the span metrics are kept in memory and start afresh after a
    // restart).
    JsonNode before = awaitAlert("ErrorLines", a -> a.path("state").asText().equals("firing"));
    server.close();
    server = startServer();
    assertThat(get(A, "/loki/api/v1/rules/checkout/red").statusCode()).isEqualTo(200);
    // The firing alert keeps its start: restored, not raised anew (which would make it pending).
    JsonNode after =
        awaitAlert(
            "ErrorLines",
            a ->
                a.path("state").asText().equals("firing")
                    && a.path("activeAt").asText().equals(before.path("activeAt").asText()));
    assertThat(after.at("/labels/service_name").asText()).isEqualTo("checkout");
    assertThat(send(A, "DELETE", "/loki/api/v1/rules/checkout/red", null, null).statusCode())
        .isEqualTo(202);
    assertThat(get(A, "/loki/api/v1/rules/checkout/red").statusCode()).isEqualTo(404);
    assertThat(get(A, "/loki/api/v1/rules/checkout/logs").statusCode()).isEqualTo(200);
  }
}
