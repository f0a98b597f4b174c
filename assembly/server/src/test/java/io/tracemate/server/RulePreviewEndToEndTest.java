package io.tracemate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.tracemate.testing.TemporaryFolder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/rules/preview} on a real server, over spans the OpenTelemetry SDK sent as tenant A: checkout's
 * error share is raised for three minutes of a ten-minute window, and the preview of an error-rate rule says when
 * its alert would have been pending and firing (for, keep_firing_for), with the compared ratio whole and its
 * threshold; the same group in JSON; a bad rule answered 400 with its line; the range limit; another tenant seeing
 * nothing; nothing stored.
 */
class RulePreviewEndToEndTest {
  private static final String A = "team-a";
  private static final String B = "team-b";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final String GROUP =
      """
      name: red
      kind: promql
      interval: 15s
      rules:
        - alert: HighErrorRate
          expr: >
            sum by (service_name) (rate(traces_span_metrics_calls_total{status_code="STATUS_CODE_ERROR"}[1m]))
            / sum by (service_name) (rate(traces_span_metrics_calls_total[1m])) > 0.05
          for: 1m
          keep_firing_for: 30s
          labels: {severity: page}
      """;

  private static TemporaryFolder folder;
  private static RunningServer server;

  /** The window's start: ten minutes ago, on a 15 s slot boundary. */
  private static long from;

  @BeforeAll
  static void start() throws Exception {
    folder = TemporaryFolder.create("tracemate-preview-e2e");
    server =
        new RunningServer(
            TracemateServer.start(
                RunningServer.yamlConfig(folder.path(), "ruler: {max_preview_range: 12h}\n")));
    from = Math.floorDiv(System.currentTimeMillis() - 600_000, 15_000) * 15_000;
    sendSpans();
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

  /** A call of checkout every 2 s for ten minutes; every other one fails in minutes 4 to 7. */
  private static void sendSpans() {
    SdkTracerProvider provider =
        RealClients.tracerProvider(
            server.server().otlpGrpcPort(), RealClients.resource("checkout"), A);
    try {
      Tracer tracer = provider.get("preview-test");
      for (int i = 0; i < 300; i++) {
        long end = from + i * 2_000L + 1_000;
        Span span =
            tracer
                .spanBuilder("POST /pay")
                .setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(end - 20, TimeUnit.MILLISECONDS)
                .startSpan();
        long minute = (end - from) / 60_000;
        if (minute >= 4 && minute < 7 && i % 2 == 0) {
          span.setStatus(StatusCode.ERROR, "card declined");
        }
        span.end(end, TimeUnit.MILLISECONDS);
      }
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  private static HttpResponse<String> send(
      String tenant, String method, String pathAndQuery, String contentType, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.httpBase() + pathAndQuery))
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

  private static String window() {
    return "start=" + from + "&end=" + (from + 600_000);
  }

  private static JsonNode preview(String tenant, String contentType, String body) throws Exception {
    HttpResponse<String> response =
        send(tenant, "POST", "/api/rules/preview?" + window(), contentType, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return RunningServer.JSON.readTree(response.body());
  }

  /** Previews until the span metrics have taken the spans in (they are observed after the WAL; bounded: 30 s). */
  private static JsonNode awaitFiring() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = preview(A, "application/yaml", GROUP);
      for (JsonNode series : last.get("series")) {
        for (JsonNode interval : series.get("intervals")) {
          if (interval.get("state").asText().equals("firing")) {
            return last;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the preview never fired; last answer: " + last);
  }

  @Test
  void aPreviewSaysWhenTheRuleWouldHaveBeenPendingAndFiring() throws Exception {
    JsonNode preview = awaitFiring();
    assertThat(preview.at("/rule/name").asText()).isEqualTo("HighErrorRate");
    assertThat(preview.at("/rule/language").asText()).isEqualTo("promql");
    assertThat(preview.get("step").asLong()).isEqualTo(15_000); // the group's interval
    assertThat(preview.get("evaluations").asInt()).isEqualTo(41);
    JsonNode series = preview.get("series").get(0);
    assertThat(series.at("/labels/service_name").asText()).isEqualTo("checkout");
    assertThat(series.at("/alert/alertname").asText()).isEqualTo("HighErrorRate");
    assertThat(series.at("/alert/severity").asText()).isEqualTo("page");

    JsonNode intervals = series.get("intervals");
    assertThat(intervals).hasSize(2);
    JsonNode pending = intervals.get(0);
    JsonNode firing = intervals.get(1);
    assertThat(pending.get("state").asText()).isEqualTo("pending");
    assertThat(firing.get("state").asText()).isEqualTo("firing");
    // Errors start in minute 4: pending from then, firing `for` (1m) later, until the errors have
    // left
    // the 1m rate window (minute 7-8) and keep_firing_for (30s) has passed.
    long pendingStart = pending.get("start").asLong() - from;
    assertThat(pendingStart).isBetween(240_000L, 270_000L);
    assertThat(firing.get("start").asLong()).isEqualTo(pending.get("end").asLong());
    assertThat(firing.get("start").asLong() - pending.get("start").asLong()).isEqualTo(60_000);
    long firingEnd = firing.get("end").asLong() - from;
    assertThat(firingEnd).isBetween(450_000L, 510_000L);
    assertThat(firing.get("ongoing").asBoolean()).isFalse();

    // The rule's own result only has the points above 5 %; the compared ratio is there whole.
    assertThat(preview.at("/compared/threshold").asText()).isEqualTo("0.05");
    assertThat(preview.at("/compared/expr").asText()).startsWith("sum by (service_name)");
    JsonNode ratio = preview.at("/compared/series/0/values");
    assertThat(ratio.size()).isGreaterThan(series.get("values").size());
    assertThat(ratio.get(ratio.size() - 1).get(1).asText()).isEqualTo("0");
  }

  @Test
  void theSameGroupInJsonPreviewsTheSame() throws Exception {
    JsonNode yaml = awaitFiring();
    String json =
        """
        {"name": "red", "kind": "promql", "interval": "15s",
         "rules": [{"alert": "HighErrorRate", "for": "1m", "keep_firing_for": "30s",
                    "labels": {"severity": "page"},
                    "expr": "sum by (service_name) (rate(traces_span_metrics_calls_total{status_code=\\"STATUS_CODE_ERROR\\"}[1m])) / sum by (service_name) (rate(traces_span_metrics_calls_total[1m])) > 0.05"}]}
        """;
    JsonNode fromJson = preview(A, "application/json", json);
    assertThat(fromJson.get("series")).isEqualTo(yaml.get("series"));
  }

  @Test
  void aBadRuleIsAnswered400WithItsLine() throws Exception {
    String bad =
        """
        name: red
        kind: promql
        rules:
          - alert: Fine
            expr: up == 0
          - alert: Broken
            expr: sum(rate(traces_span_metrics_calls_total[1m])
        """;
    HttpResponse<String> response =
        send(A, "POST", "/api/rules/preview?rule=1&" + window(), "application/yaml", bad);
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = RunningServer.JSON.readTree(response.body()).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(400);
    JsonNode first = error.get("errors").get(0);
    assertThat(first.get("line").asInt()).isEqualTo(7);
    assertThat(first.get("message").asText())
        .startsWith("group \"red\", rule 1, \"Broken\": could not parse expression as promql");
    assertThat(error.get("message").asText()).startsWith("body:7:");
  }

  @Test
  void requestsOutsideTheLimitsAreRefusedSayingWhy() throws Exception {
    HttpResponse<String> tooLong =
        send(A, "POST", "/api/rules/preview?lookback=13h", "application/yaml", GROUP);
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("max_preview_range").contains("12h");

    String twoRules = GROUP + "  - alert: Other\n    expr: vector(1)\n";
    HttpResponse<String> which =
        send(A, "POST", "/api/rules/preview?" + window(), "application/yaml", twoRules);
    assertThat(which.statusCode()).isEqualTo(400);
    assertThat(which.body()).contains("has 2 rules").contains("rule=");
    HttpResponse<String> byName =
        send(A, "POST", "/api/rules/preview?rule=Other&" + window(), "application/yaml", twoRules);
    assertThat(byName.statusCode()).as(byName.body()).isEqualTo(200);
    assertThat(RunningServer.JSON.readTree(byName.body()).at("/rule/index").asInt()).isEqualTo(1);

    HttpResponse<String> tinyStep =
        send(A, "POST", "/api/rules/preview?step=1ms&" + window(), "application/yaml", GROUP);
    assertThat(tinyStep.statusCode()).isEqualTo(400);
    assertThat(tinyStep.body()).contains("11,000 points");
  }

  @Test
  void anotherTenantPreviewsItsOwnDataAndNothingIsStored() throws Exception {
    awaitFiring();
    assertThat(preview(B, "application/yaml", GROUP).get("series")).isEmpty();
    assertThat(send(A, "GET", "/loki/api/v1/rules", null, null).statusCode()).isEqualTo(404);
    JsonNode namespaces =
        RunningServer.JSON.readTree(send(A, "GET", "/api/rules/namespaces", null, null).body());
    assertThat(namespaces.get("namespaces")).isEmpty();
  }
}
