package io.tracemate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exemplar evidence end to end: spans with errors sent by the OpenTelemetry SDK, an error-rate rule posted through
 * Loki's ruler API, the alert it raises delivered to a webhook with the trace IDs of the span metrics' exemplars of
 * its error series as evidence (annotations and body), and each of those traces retrievable through the Jaeger API.
 */
class ExemplarEvidenceEndToEndTest {
  private static final String EXTERNAL = "https://tracemate.bank.example/";

  @TempDir Path dir;

  @Test
  void anErrorRateAlertReachesTheWebhookWithTheTraceIdsOfRealFailedCalls() throws Exception {
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
    String yaml =
        """
        ruler: {evaluation_interval: 1s, evaluation_delay_duration: 0s, external_url: "%s"}
        alerting:
          receivers:
            - name: team
              webhook_configs: [{url: "http://127.0.0.1:%d/hook"}]
          route: {receiver: team, group_by: [alertname], group_wait: 0s, group_interval: 1s}
        """
            .formatted(EXTERNAL, hook.activeLocalPort());
    try (RunningServer server =
        new RunningServer(TracemateServer.start(RunningServer.yamlConfig(dir, yaml)))) {
      List<String> failed = sendCalls(server);

      HttpClient http = HttpClient.newHttpClient();
      var posted =
          http.send(
              HttpRequest.newBuilder(URI.create(server.httpBase() + "/loki/api/v1/rules/red"))
                  .header("Content-Type", "application/yaml")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          """
                          name: red
                          kind: promql
                          interval: 1s
                          rules:
                            - alert: HighErrorRate
                              expr: >
                                sum by (service_name) (rate(traces_span_metrics_calls_total{status_code="STATUS_CODE_ERROR"}[5m]))
                                / sum by (service_name) (rate(traces_span_metrics_calls_total[5m])) > 0.05
                          """,
                          UTF_8))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);

      JsonNode alert = awaitFiring(bodies);
      assertThat(alert.at("/labels/service_name").asText()).isEqualTo("checkout");
      // The newest failed calls first, one per latency bucket the series kept, at most 5.
      List<String> expected = failed.reversed().subList(0, 5);
      List<String> ids = new ArrayList<>();
      alert.at("/evidence/traceIds").forEach(id -> ids.add(id.asText()));
      assertThat(ids).containsExactlyElementsOf(expected);
      assertThat(alert.at("/annotations/tracemate_trace_ids").asText())
          .isEqualTo(String.join(",", expected));
      assertThat(alert.at("/annotations/tracemate_evidence_url").asText())
          .isEqualTo(EXTERNAL + "trace/" + expected.getFirst());
      assertThat(alert.at("/evidence/url").asText())
          .isEqualTo(EXTERNAL + "trace/" + expected.getFirst());

      // Each is a real trace: the Jaeger API has it, with its failed span.
      for (String id : ids) {
        JsonNode trace = awaitTrace(server, id);
        assertThat(trace.at("/traceID").asText()).isEqualTo(id);
        assertThat(trace.at("/spans/0/operationName").asText()).isEqualTo("POST /pay");
        boolean error = false;
        for (JsonNode tag : trace.at("/spans/0/tags")) {
          error |= tag.path("key").asText().equals("error") && tag.path("value").asBoolean();
        }
        assertThat(error).as("trace %s has its failed span", id).isTrue();
      }
    } finally {
      hook.stop().join();
    }
  }

  /**
   * 28 calls of checkout over the last four minutes, each its own trace; every 4th fails, each failure in another
   * latency bucket (a series keeps the latest span of each bucket as its exemplar). The failed calls' trace IDs, in
   * the order they ended.
   */
  private static List<String> sendCalls(RunningServer server) {
    long[] failedMillis = {1, 3, 5, 7, 9, 30, 75};
    List<String> failed = new ArrayList<>();
    long from = System.currentTimeMillis() - 240_000;
    SdkTracerProvider provider =
        RealClients.tracerProvider(
            server.server().otlpGrpcPort(), RealClients.resource("checkout"));
    try {
      Tracer tracer = provider.get("exemplar-test");
      for (int i = 0; i < 28; i++) {
        long end = from + i * 8_000L;
        boolean fails = i % 4 == 3;
        long duration = fails ? failedMillis[i / 4] : 20;
        Span span =
            tracer
                .spanBuilder("POST /pay")
                .setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(end - duration, TimeUnit.MILLISECONDS)
                .startSpan();
        if (fails) {
          span.setStatus(StatusCode.ERROR, "card declined");
          failed.add(span.getSpanContext().getTraceId());
        }
        span.end(end, TimeUnit.MILLISECONDS);
      }
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
    return failed;
  }

  /** The first firing alert a webhook body carries (bounded: 30 s). */
  private static JsonNode awaitFiring(Queue<String> bodies) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (String body : bodies) {
        for (JsonNode alert : RunningServer.JSON.readTree(body).path("alerts")) {
          if (alert.path("status").asText().equals("firing")
              && alert.at("/labels/alertname").asText().equals("HighErrorRate")) {
            return alert;
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no firing HighErrorRate reached the webhook; bodies: " + bodies);
  }

  /** The trace as the Jaeger API answers it, once stored (bounded: 30 s). */
  private static JsonNode awaitTrace(RunningServer server, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    java.net.http.HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      last = server.get("/api/traces/" + id);
      if (last.statusCode() == 200) {
        return RunningServer.JSON.readTree(last.body()).at("/data/0");
      }
      Thread.sleep(100);
    }
    throw new AssertionError("trace " + id + " not retrievable; last answer: " + last.body());
  }
}
