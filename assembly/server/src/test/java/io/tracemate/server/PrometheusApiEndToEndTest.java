package io.tracemate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spans sent by the OpenTelemetry SDK, then Prometheus' query API over the span metrics they made: the rate of
 * calls, the error ratio and the p99 from {@code histogram_quantile} are what was sent; every endpoint answers in
 * Prometheus' envelope, at {@code /api/v1} and under {@code /prometheus/api/v1}, GET and POST form alike; errors
 * carry Prometheus' error types and statuses.
 */
class PrometheusApiEndToEndTest {
  @RegisterExtension static final RunningServer SERVER = RunningServer.perClass();

  /** The spans' window: 100 calls, one every 3 s, the first slot starting at {@link #from}. */
  private static long from;

  private static final int CALLS = 100;

  /** Every 5th call fails; the one after each failing call takes 300 ms, the others 30 ms. */
  private static boolean fails(int i) {
    return i % 5 == 0;
  }

  private static boolean slow(int i) {
    return i % 5 == 1;
  }

  @BeforeAll
  static void sendSpans() throws Exception {
    long now = System.currentTimeMillis();
    from = Math.floorDiv(now - 330_000, 15_000) * 15_000;
    SdkTracerProvider provider =
        RealClients.tracerProvider(
            SERVER.server().otlpGrpcPort(), RealClients.resource("checkout"));
    try {
      Tracer tracer = provider.get("promapi-test");
      for (int i = 0; i < CALLS; i++) {
        long end = from + i * 3_000L + 1_500;
        long duration = slow(i) ? 300 : 30;
        Span span =
            tracer
                .spanBuilder("POST /pay")
                .setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(end - duration, TimeUnit.MILLISECONDS)
                .startSpan();
        if (fails(i)) {
          span.setStatus(StatusCode.ERROR, "card declined");
        }
        span.end(end, TimeUnit.MILLISECONDS);
      }
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
    SERVER.await(
        "/api/v1/query?query="
            + encode("sum(traces_span_metrics_calls_total{service_name=\"checkout\"})"),
        json ->
            json.at("/data/result").size() == 1
                && json.at("/data/result/0/value/1").asText().equals(Integer.toString(CALLS)));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, UTF_8);
  }

  /** The single value of an instant query at the end of the spans' window (300 s after {@link #from}). */
  private static double instant(String prefix, String query) throws Exception {
    JsonNode json =
        SERVER.getJson(
            prefix + "/query?query=" + encode(query) + "&time=" + (from + 300_000) / 1000.0);
    assertThat(json.path("status").asText()).as(json.toString()).isEqualTo("success");
    assertThat(json.at("/data/resultType").asText()).isEqualTo("vector");
    assertThat(json.at("/data/result")).as(json.toString()).hasSize(1);
    return Double.parseDouble(json.at("/data/result/0/value/1").asText());
  }

  @Test
  void rateErrorRatioAndP99AreWhatWasSent() throws Exception {
    // 5 calls in every 15 s slot: 1/3 call per second.
    assertThat(
            instant(
                "/api/v1",
                "sum(rate(traces_span_metrics_calls_total{service_name=\"checkout\",span_kind=\"SPAN_KIND_SERVER\"}[5m]))"))
        .isCloseTo(1 / 3.0, within(1e-9));
    assertThat(
            instant(
                "/prometheus/api/v1",
                "sum(rate(traces_span_metrics_calls_total{service_name=\"checkout\",status_code=\"STATUS_CODE_ERROR\"}[5m]))"
                    + " / sum(rate(traces_span_metrics_calls_total{service_name=\"checkout\"}[5m]))"))
        .isCloseTo(0.2, within(1e-9));
    // 4 of 5 calls in (10, 50] ms, 1 in (200, 400]: Prometheus interpolates inside the bucket of
    // rank 0.99.
    double p99 = 200 + 200 * (0.99 - 0.8) / 0.2;
    assertThat(
            instant(
                "/api/v1",
                "histogram_quantile(0.99, sum by (le) (rate(traces_span_metrics_duration_milliseconds_bucket{service_name=\"checkout\"}[5m])))"))
        .isCloseTo(p99, within(1e-6));
  }

  @Test
  void aRangeQueryPostedAsAFormUnderThePrefix() throws Exception {
    String form =
        "query="
            + encode("sum by (service_name) (rate(traces_span_metrics_calls_total[1m]))")
            + "&start="
            + Instant.ofEpochMilli(from + 120_000)
            + "&end="
            + (from + 300_000) / 1000
            + "&step=30s";
    HttpResponse<String> response =
        SERVER.post(
            SERVER.server().httpPort(),
            "/prometheus/api/v1/query_range",
            "application/x-www-form-urlencoded",
            form.getBytes(UTF_8));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode json = RunningServer.JSON.readTree(response.body());
    assertThat(json.at("/data/resultType").asText()).isEqualTo("matrix");
    JsonNode series = json.at("/data/result/0");
    assertThat(series.at("/metric/service_name").asText()).isEqualTo("checkout");
    assertThat(series.path("values")).hasSize(7);
    for (JsonNode point : series.path("values")) {
      assertThat(point.get(0).isNumber()).isTrue();
      assertThat(Double.parseDouble(point.get(1).asText())).isCloseTo(1 / 3.0, within(1e-9));
    }
  }

  @Test
  void seriesLabelsValuesMetadataAndBuildInfo() throws Exception {
    JsonNode series =
        SERVER.getJson(
            "/api/v1/series?match[]="
                + encode("traces_span_metrics_calls_total{service_name=\"checkout\"}"));
    assertThat(series.path("status").asText()).isEqualTo("success");
    List<String> statuses = new ArrayList<>();
    series.path("data").forEach(s -> statuses.add(s.path("status_code").asText()));
    assertThat(statuses).containsExactly("STATUS_CODE_ERROR", "STATUS_CODE_UNSET");
    assertThat(series.at("/data/0/span_name").asText()).isEqualTo("POST /pay");

    JsonNode labels = SERVER.getJson("/api/v1/labels");
    List<String> names = new ArrayList<>();
    labels.path("data").forEach(n -> names.add(n.asText()));
    assertThat(names).contains("__name__", "service_name", "span_kind", "span_name", "le");

    JsonNode values = SERVER.getJson("/prometheus/api/v1/label/__name__/values");
    List<String> metrics = new ArrayList<>();
    values.path("data").forEach(n -> metrics.add(n.asText()));
    assertThat(metrics)
        .contains(
            "traces_span_metrics_calls_total",
            "traces_span_metrics_duration_milliseconds_bucket",
            "traces_span_metrics_duration_milliseconds_count",
            "traces_span_metrics_duration_milliseconds_sum");
    JsonNode limited = SERVER.getJson("/api/v1/label/__name__/values?limit=1");
    assertThat(limited.path("data")).hasSize(1);
    assertThat(limited.path("warnings").get(0).asText())
        .isEqualTo("results truncated due to limit");

    JsonNode metadata = SERVER.getJson("/api/v1/metadata");
    assertThat(metadata.at("/data/traces_span_metrics_calls_total/0/type").asText())
        .isEqualTo("counter");
    assertThat(metadata.at("/data/traces_span_metrics_duration_milliseconds/0/type").asText())
        .isEqualTo("histogram");
    assertThat(metadata.at("/data/traces_service_graph_request_total/0/type").asText())
        .isEqualTo("counter");

    JsonNode build = SERVER.getJson("/api/v1/status/buildinfo");
    assertThat(build.at("/data/version").asText()).isNotEmpty();
  }

  @Test
  void errorsCarryPrometheusErrorTypesAndStatuses() throws Exception {
    assertError("/api/v1/query?query=" + encode("sum(rate(x[5m])"), 400, "bad_data", "1:");
    assertError("/api/v1/query", 400, "bad_data", "invalid parameter \"query\"");
    assertError(
        "/api/v1/query?query=up&time=yesterday",
        400,
        "bad_data",
        "invalid parameter \"time\": cannot parse \"yesterday\" to a valid timestamp");
    assertError(
        "/api/v1/query_range?query=up&start=10&end=5&step=1",
        400,
        "bad_data",
        "end timestamp must not be before start time");
    assertError(
        "/api/v1/query_range?query=up&start=0&end=5&step=0",
        400,
        "bad_data",
        "zero or negative query resolution step widths are not accepted");
    assertError(
        "/api/v1/query_range?query=up&start=0&end=100000&step=1",
        400,
        "bad_data",
        "exceeded maximum resolution of 11,000 points per timeseries");
    assertError(
        "/api/v1/query_range?query=" + encode("up[5m]") + "&start=0&end=5&step=1",
        400,
        "bad_data",
        "invalid expression type \"range vector\"");
    assertError("/api/v1/series", 400, "bad_data", "no match[] parameter provided");
    assertError(
        "/api/v1/query?query="
            + encode(
                "traces_span_metrics_calls_total + on(service_name) traces_span_metrics_calls_total")
            + "&time="
            + (from + 300_000) / 1000,
        422,
        "execution",
        "many-to-many matching not allowed");
    assertError(
        "/api/v1/query?timeout=1ns&query=" + encode("sum(traces_span_metrics_calls_total)"),
        503,
        "timeout",
        "query timed out");
    assertError("/api/v1/nothing-here", 404, "not_found", "404 page not found");
    assertError("/prometheus/api/v1/nothing-here", 404, "not_found", "404 page not found");
  }

  private static void assertError(String pathAndQuery, int status, String type, String message)
      throws Exception {
    HttpResponse<String> response = SERVER.get(pathAndQuery);
    assertThat(response.statusCode()).as(pathAndQuery + ": " + response.body()).isEqualTo(status);
    JsonNode json = RunningServer.JSON.readTree(response.body());
    assertThat(json.path("status").asText()).isEqualTo("error");
    assertThat(json.path("errorType").asText()).as(response.body()).isEqualTo(type);
    assertThat(json.path("error").asText()).contains(message);
  }
}
