package io.tracemate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spans sent by the OpenTelemetry SDK, then Jaeger's SPM endpoints as the Jaeger UI's Monitor tab calls them: the
 * call rates, error ratios and p95 latencies are what was sent, per service and per operation, for the span kinds
 * asked for; bad parameters get Jaeger's 400.
 *
 * <p>The data, five minutes from {@link #from} (a 15 s slot boundary), the same in every 15 s slot:
 * {@code checkout} serves {@code POST /pay} every 3 s (every 5th fails; the one after it takes 300 ms, the others
 * 30 ms), each calling {@code charge card} as a client (20 ms, never failing), and {@code GET /cart} once per slot
 * (30 ms).
 */
class SpmEndToEndTest {
  @RegisterExtension static final RunningServer SERVER = RunningServer.perClass();

  private static long from;

  /** Three points 30 s apart ending at the data's end, each over the two minutes before it. */
  private static String window() {
    return "endTs=" + (from + 300_000) + "&lookback=60000&step=30000&ratePer=120000";
  }

  @BeforeAll
  static void sendSpans() throws Exception {
    long now = System.currentTimeMillis();
    from = Math.floorDiv(now - 330_000, 15_000) * 15_000;
    SdkTracerProvider provider =
        RealClients.tracerProvider(
            SERVER.server().otlpGrpcPort(), RealClients.resource("checkout"));
    try {
      Tracer tracer = provider.get("spm-test");
      for (int i = 0; i < 100; i++) {
        long end = from + i * 3_000L + 1_500;
        long duration = i % 5 == 1 ? 300 : 30;
        Span pay =
            tracer
                .spanBuilder("POST /pay")
                .setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(end - duration, TimeUnit.MILLISECONDS)
                .startSpan();
        tracer
            .spanBuilder("charge card")
            .setSpanKind(SpanKind.CLIENT)
            .setParent(Context.root().with(pay))
            .setStartTimestamp(end - 25, TimeUnit.MILLISECONDS)
            .startSpan()
            .end(end - 5, TimeUnit.MILLISECONDS);
        if (i % 5 == 0) {
          pay.setStatus(StatusCode.ERROR, "card declined");
        }
        pay.end(end, TimeUnit.MILLISECONDS);
      }
      for (int slot = 0; slot < 20; slot++) {
        long end = from + slot * 15_000L + 7_000;
        tracer
            .spanBuilder("GET /cart")
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(end - 30, TimeUnit.MILLISECONDS)
            .startSpan()
            .end(end, TimeUnit.MILLISECONDS);
      }
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
    SERVER.await(
        "/api/v1/query?query="
            + URLEncoder.encode(
                "sum(traces_span_metrics_calls_total{service_name=\"checkout\"})", UTF_8),
        json ->
            json.at("/data/result").size() == 1
                && json.at("/data/result/0/value/1").asText().equals("220"));
  }

  /** Each series of the answer, by its labels, with its values. */
  private static Map<String, List<Double>> family(String path, String expectedName)
      throws Exception {
    HttpResponse<String> response = SERVER.get(path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    JsonNode json = RunningServer.JSON.readTree(response.body());
    assertThat(json.path("name").asText()).isEqualTo(expectedName);
    assertThat(json.path("type").asText()).isEqualTo("GAUGE");
    Map<String, List<Double>> series = new TreeMap<>();
    for (JsonNode metric : json.path("metrics")) {
      List<String> labels = new ArrayList<>();
      metric
          .path("labels")
          .forEach(l -> labels.add(l.path("name").asText() + "=" + l.path("value").asText()));
      List<Double> values = new ArrayList<>();
      for (JsonNode point : metric.path("metricPoints")) {
        assertThat(point.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
        values.add(point.at("/gaugeValue/doubleValue").asDouble());
      }
      series.put(String.join(",", labels), values);
    }
    return series;
  }

  private static void assertPoints(List<Double> values, double expected, double tolerance) {
    assertThat(values).hasSize(3);
    assertThat(values).allSatisfy(v -> assertThat(v).isCloseTo(expected, within(tolerance)));
  }

  @Test
  void callRatesAsTheMonitorTabAsksForThem() throws Exception {
    // 5 POST /pay and 1 GET /cart in every 15 s.
    Map<String, List<Double>> service =
        family(
            "/api/metrics/calls?service=checkout&spanKind=server&" + window(), "service_call_rate");
    assertThat(service.keySet()).containsExactly("service_name=checkout");
    assertPoints(service.get("service_name=checkout"), 6 / 15.0, 1e-9);

    Map<String, List<Double>> operations =
        family(
            "/api/metrics/calls?service=checkout&groupByOperation=true&spanKind=server&" + window(),
            "service_operation_call_rate");
    assertPoints(operations.get("service_name=checkout,operation=POST /pay"), 1 / 3.0, 1e-9);
    assertPoints(operations.get("service_name=checkout,operation=GET /cart"), 1 / 15.0, 1e-9);
  }

  @Test
  void errorRatesPerServiceAndOperation() throws Exception {
    Map<String, List<Double>> service =
        family("/api/metrics/errors?service=checkout&" + window(), "service_error_rate");
    assertPoints(service.get("service_name=checkout"), 1 / 6.0, 1e-9);
    // An operation that never failed has no error series to divide, as with a Prometheus behind
    // Jaeger.
    Map<String, List<Double>> operations =
        family(
            "/api/metrics/errors?service=checkout&groupByOperation=true&" + window(),
            "service_operation_error_rate");
    assertThat(operations.keySet()).containsExactly("service_name=checkout,operation=POST /pay");
    assertPoints(operations.get("service_name=checkout,operation=POST /pay"), 0.2, 1e-9);
    // Client calls, none failing: zeros, not "no data".
    Map<String, List<Double>> clients =
        family(
            "/api/metrics/errors?service=checkout&spanKind=client&" + window(),
            "service_error_rate");
    assertPoints(clients.get("service_name=checkout"), 0, 0);
  }

  @Test
  void p95LatenciesLieInTheRightBucket() throws Exception {
    // POST /pay: 4 of 5 in (10, 50] ms, 1 in (200, 400]; with GET /cart 5 of 6 in (10, 50].
    Map<String, List<Double>> service =
        family(
            "/api/metrics/latencies?service=checkout&quantile=0.95&" + window(),
            "service_latencies");
    assertPoints(service.get("service_name=checkout"), 200 + 200 * (0.95 - 5 / 6.0) * 6, 1e-6);
    Map<String, List<Double>> operations =
        family(
            "/api/metrics/latencies?service=checkout&quantile=0.95&groupByOperation=true&"
                + window(),
            "service_operation_latencies");
    assertPoints(operations.get("service_name=checkout,operation=POST /pay"), 350, 1e-6);
    assertPoints(operations.get("service_name=checkout,operation=GET /cart"), 48, 1e-6);
  }

  @Test
  void spanKindSelectsTheSpans() throws Exception {
    Map<String, List<Double>> clients =
        family(
            "/api/metrics/calls?service=checkout&spanKind=client&groupByOperation=true&" + window(),
            "service_operation_call_rate");
    assertThat(clients.keySet()).containsExactly("service_name=checkout,operation=charge card");
    assertPoints(clients.get("service_name=checkout,operation=charge card"), 1 / 3.0, 1e-9);
    Map<String, List<Double>> both =
        family(
            "/api/metrics/calls?service=checkout&spanKind=client&spanKind=server&" + window(),
            "service_call_rate");
    assertPoints(both.get("service_name=checkout"), 11 / 15.0, 1e-9);
  }

  @Test
  void ratePerChangesTheWindowNotTheUnit() throws Exception {
    Map<String, List<Double>> minute =
        family(
            "/api/metrics/calls?service=checkout&endTs="
                + (from + 300_000)
                + "&lookback=60000&step=30000&ratePer=60000",
            "service_call_rate");
    assertPoints(minute.get("service_name=checkout"), 6 / 15.0, 1e-9);
  }

  @Test
  void badParametersAreJaegers400AndMinStepIsTheResolution() throws Exception {
    HttpResponse<String> response =
        SERVER.get("/api/metrics/latencies?service=checkout&quantile=high");
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode json = RunningServer.JSON.readTree(response.body());
    assertThat(json.path("data").isNull()).isTrue();
    assertThat(json.at("/errors/0/code").asInt()).isEqualTo(400);
    assertThat(json.at("/errors/0/msg").asText())
        .isEqualTo(
            "unable to parse param 'quantile': strconv.ParseFloat: parsing \"high\": invalid syntax");
    response = SERVER.get("/api/metrics/calls?spanKind=server");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(RunningServer.JSON.readTree(response.body()).at("/errors/0/msg").asText())
        .isEqualTo("unable to parse param 'service': please provide at least one service name");

    assertThat(SERVER.getJson("/api/metrics/minstep").path("data").asLong()).isEqualTo(15_000);
  }
}
