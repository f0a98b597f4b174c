package io.tracemate.http.spm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.tracemate.http.prometheus.series.MetricSeries;
import io.tracemate.http.prometheus.series.RedSeriesSource;
import io.tracemate.http.support.RunningQueries;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.spanmetrics.SpanMetricsAggregator;
import io.tracemate.spanmetrics.SpanMetricsExposition;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import io.tracemate.testing.MutableClock;
import io.tracemate.testing.TestSpans;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ten minutes of spans through the real span metrics connector, then Jaeger's SPM endpoints over HTTP: the rates,
 * error ratios and quantiles are what was sent, in Jaeger's {@code MetricFamily} shape, and bad parameters get
 * Jaeger's 400.
 *
 * <p>The data, second {@code s} of the ten minutes before noon (so every 15 s slot holds the same): {@code orders}
 * serves {@code POST /orders} when {@code s % 3 == 0}, else {@code GET /orders} (1 call per second in all, 1/3 and
 * 2/3); every 5th call fails (a fifth of each operation); the calls at {@code s % 15} 1 and 2 (both GET) take
 * 300 ms, the others 30 ms. {@code shop} sends a client span every second and never fails.
 */
class SpmApiTest {
  private static final Instant NOON = Instant.parse("2026-03-02T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MutableClock CLOCK = new MutableClock(NOON.minusSeconds(600));
  private static final SpanMetricsAggregator METRICS =
      new SpanMetricsAggregator(SpanMetricsConfig.defaults(), CLOCK);

  /** Five points a minute apart up to noon, each the rate over the 5 minutes before it. */
  private static final String WINDOW =
      "endTs=" + NOON.toEpochMilli() + "&lookback=240000&step=60000&ratePer=300000";

  @RegisterExtension
  static final ServerExtension server =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          sendTenMinutes();
          SpanMetricsExposition exposition = SpanMetricsExposition.of(METRICS);
          new SpmApi(
                  MetricSeries.shared(RedSeriesSource.of(exposition, null)),
                  SpanMetricNames.of(exposition),
                  EngineSettings.defaults(),
                  CLOCK,
                  new RunningQueries())
              .addTo(sb);
        }
      };

  @RegisterExtension
  static final ServerExtension withoutSpanMetrics =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          new SpmApi(
                  MetricSeries.shared(RedSeriesSource.of(null, null)),
                  null,
                  EngineSettings.defaults(),
                  CLOCK,
                  new RunningQueries())
              .addTo(sb);
        }
      };

  private static void sendTenMinutes() {
    for (int s = 0; s < 600; s++) {
      long end = NOON.minusSeconds(600 - s).toEpochMilli() * 1_000_000 + 500_000_000L;
      CLOCK.set(Instant.ofEpochSecond(0, end).plusSeconds(1));
      long duration = (s % 15 == 1 || s % 15 == 2 ? 300 : 30) * 1_000_000L;
      TraceId trace = new TraceId(7, s + 1);
      Span client =
          TestSpans.span(
                  trace,
                  new SpanId(1),
                  SpanId.NONE,
                  "shop",
                  "GET /orders",
                  end - duration - 2_000_000,
                  duration + 4_000_000)
              .kind(SpanKind.CLIENT)
              .build();
      Span served =
          TestSpans.span(
                  trace,
                  new SpanId(2),
                  new SpanId(1),
                  "orders",
                  s % 3 == 0 ? "POST /orders" : "GET /orders",
                  end - duration,
                  duration)
              .kind(SpanKind.SERVER)
              .status(s % 5 == 0 ? new Status(StatusCode.ERROR, "boom") : Status.UNSET)
              .build();
      METRICS.observe(List.of(client, served));
    }
    CLOCK.set(NOON);
  }

  private static JsonNode get(String pathAndQuery) throws Exception {
    AggregatedHttpResponse response = server.blockingWebClient().get(pathAndQuery);
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
    assertThat(response.contentType().toString()).startsWith("application/json");
    return JSON.readTree(response.contentUtf8());
  }

  /** Each series of a family by its labels ({@code service_name=orders,operation=GET /orders}), its values. */
  private static Map<String, List<Double>> series(JsonNode family) {
    Map<String, List<Double>> series = new TreeMap<>();
    for (JsonNode metric : family.path("metrics")) {
      List<String> labels = new ArrayList<>();
      metric
          .path("labels")
          .forEach(l -> labels.add(l.path("name").asText() + "=" + l.path("value").asText()));
      List<Double> values = new ArrayList<>();
      metric
          .path("metricPoints")
          .forEach(p -> values.add(p.at("/gaugeValue/doubleValue").asDouble()));
      series.put(String.join(",", labels), values);
    }
    return series;
  }

  private static void assertAll(List<Double> values, double expected, double tolerance) {
    assertThat(values).hasSize(5);
    assertThat(values).allSatisfy(v -> assertThat(v).isCloseTo(expected, within(tolerance)));
  }

  @Test
  void callRatesPerServiceAndPerOperation() throws Exception {
    JsonNode family = get("/api/metrics/calls?service=orders&" + WINDOW);
    assertThat(family.path("name").asText()).isEqualTo("service_call_rate");
    assertThat(family.path("type").asText()).isEqualTo("GAUGE");
    assertThat(family.path("help").asText()).isEqualTo("calls/sec, grouped by service");
    assertThat(family.path("metrics")).hasSize(1);
    JsonNode points = family.at("/metrics/0/metricPoints");
    List<String> times = new ArrayList<>();
    points.forEach(p -> times.add(p.path("timestamp").asText()));
    assertThat(times)
        .containsExactly(
            "2026-03-02T11:56:00Z",
            "2026-03-02T11:57:00Z",
            "2026-03-02T11:58:00Z",
            "2026-03-02T11:59:00Z",
            "2026-03-02T12:00:00Z");
    assertAll(series(family).get("service_name=orders"), 1.0, 1e-9);

    JsonNode byOperation = get("/api/metrics/calls?service=orders&groupByOperation=true&" + WINDOW);
    assertThat(byOperation.path("name").asText()).isEqualTo("service_operation_call_rate");
    assertThat(byOperation.path("help").asText())
        .isEqualTo("calls/sec, grouped by service & operation");
    Map<String, List<Double>> operations = series(byOperation);
    assertThat(operations.keySet())
        .containsExactly(
            "service_name=orders,operation=GET /orders",
            "service_name=orders,operation=POST /orders");
    assertAll(operations.get("service_name=orders,operation=GET /orders"), 2 / 3.0, 1e-9);
    assertAll(operations.get("service_name=orders,operation=POST /orders"), 1 / 3.0, 1e-9);
  }

  @Test
  void ratePerIsTheWindowNotTheUnit() throws Exception {
    // Calls per second whatever the window: a steady load reads the same over 1 and 5 minutes.
    JsonNode family =
        get(
            "/api/metrics/calls?service=orders&endTs="
                + NOON.toEpochMilli()
                + "&lookback=240000&step=60000&ratePer=60000");
    assertAll(series(family).get("service_name=orders"), 1.0, 1e-9);
  }

  @Test
  void errorRatesAreTheShareOfFailedCalls() throws Exception {
    JsonNode family = get("/api/metrics/errors?service=orders&" + WINDOW);
    assertThat(family.path("name").asText()).isEqualTo("service_error_rate");
    assertAll(series(family).get("service_name=orders"), 0.2, 1e-9);

    Map<String, List<Double>> operations =
        series(get("/api/metrics/errors?service=orders&groupByOperation=1&" + WINDOW));
    assertThat(operations).hasSize(2);
    operations.values().forEach(values -> assertAll(values, 0.2, 1e-9));
  }

  @Test
  void callsWithoutErrorsAreAZeroErrorRateAndNoCallsAreNoSeries() throws Exception {
    JsonNode shop = get("/api/metrics/errors?service=shop&spanKind=client&" + WINDOW);
    assertThat(shop.path("name").asText()).isEqualTo("service_error_rate");
    assertAll(series(shop).get("service_name=shop"), 0.0, 0);

    JsonNode nobody = get("/api/metrics/errors?service=nobody&" + WINDOW);
    assertThat(nobody.path("metrics").isArray()).isTrue();
    assertThat(nobody.path("metrics")).isEmpty();
  }

  @Test
  void latenciesAreTheQuantileWithinItsBucket() throws Exception {
    // 13 of 15 calls in (10, 50] ms, 2 in (200, 400]: the 0.95 rank lies 5/8 into the upper bucket.
    JsonNode family = get("/api/metrics/latencies?service=orders&quantile=0.95&" + WINDOW);
    assertThat(family.path("name").asText()).isEqualTo("service_latencies");
    assertThat(family.path("help").asText())
        .isEqualTo("0.95th quantile latency, grouped by service");
    assertAll(series(family).get("service_name=orders"), 325, 1e-6);

    Map<String, List<Double>> operations =
        series(
            get(
                "/api/metrics/latencies?service=orders&quantile=0.95&groupByOperation=true&"
                    + WINDOW));
    // GET: 8 of 10 in (10, 50], 2 in (200, 400]; POST: all in (10, 50].
    assertAll(operations.get("service_name=orders,operation=GET /orders"), 350, 1e-6);
    assertAll(operations.get("service_name=orders,operation=POST /orders"), 48, 1e-6);
    Map<String, List<Double>> medians =
        series(
            get(
                "/api/metrics/latencies?service=orders&quantile=0.5&groupByOperation=true&"
                    + WINDOW));
    assertAll(medians.get("service_name=orders,operation=GET /orders"), 35, 1e-6);
  }

  @Test
  void spanKindsFilterAndDefaultToServer() throws Exception {
    assertThat(get("/api/metrics/calls?service=shop&" + WINDOW).path("metrics")).isEmpty();
    assertAll(
        series(get("/api/metrics/calls?service=shop&spanKind=client&" + WINDOW))
            .get("service_name=shop"),
        1.0,
        1e-9);
    assertAll(
        series(get("/api/metrics/calls?service=shop&spanKind=SPAN_KIND_CLIENT&" + WINDOW))
            .get("service_name=shop"),
        1.0,
        1e-9);
    Map<String, List<Double>> both =
        series(
            get(
                "/api/metrics/calls?service=orders&service=shop&spanKind=server&spanKind=client&"
                    + WINDOW));
    assertThat(both.keySet()).containsExactly("service_name=orders", "service_name=shop");
  }

  @Test
  void serviceNamesAreMatchedLiterally() throws Exception {
    assertThat(get("/api/metrics/calls?service=ord.rs&" + WINDOW).path("metrics")).isEmpty();
    assertThat(get("/api/metrics/calls?service=.*&" + WINDOW).path("metrics")).isEmpty();
  }

  @Test
  void minStepIsTheSeriesResolution() throws Exception {
    JsonNode answer = get("/api/metrics/minstep");
    assertThat(answer.path("data").asLong()).isEqualTo(15_000);
    assertThat(answer.path("errors").isNull()).isTrue();
  }

  @Test
  void badParametersAreJaegers400() throws Exception {
    assertBad(
        "/api/metrics/calls",
        "unable to parse param 'service': please provide at least one service name");
    assertBad(
        "/api/metrics/latencies?service=orders",
        "unable to parse param 'quantile': strconv.ParseFloat: parsing \"\": invalid syntax");
    assertBad(
        "/api/metrics/latencies?service=orders&quantile=1.5",
        "unable to parse param 'quantile': must be between 0 and 1, got 1.5");
    assertBad(
        "/api/metrics/calls?service=orders&groupByOperation=maybe",
        "unable to parse param 'groupByOperation': strconv.ParseBool: parsing \"maybe\": invalid syntax");
    assertBad(
        "/api/metrics/calls?service=orders&spanKind=sideways",
        "unable to parse param 'spanKind': unsupported span kind: 'sideways'");
    assertBad(
        "/api/metrics/calls?service=orders&endTs=noon",
        "unable to parse param 'endTs': strconv.ParseInt: parsing \"noon\": invalid syntax");
    assertBad(
        "/api/metrics/calls?service=orders&lookback=99999999999999999999",
        "unable to parse param 'lookback': strconv.ParseInt: parsing \"99999999999999999999\": value out of range");
    assertBad(
        "/api/metrics/errors?service=orders&step=0",
        "unable to parse param 'step': must be a positive number of milliseconds, got 0");
    assertBad(
        "/api/metrics/errors?service=orders&ratePer=-1",
        "unable to parse param 'ratePer': must be a positive number of milliseconds, got -1");
    assertBad(
        "/api/metrics/calls?service=orders&lookback=86400000&step=1",
        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
  }

  private static void assertBad(String pathAndQuery, String message) throws Exception {
    AggregatedHttpResponse response = server.blockingWebClient().get(pathAndQuery);
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(400);
    JsonNode body = JSON.readTree(response.contentUtf8());
    assertThat(body.path("data").isNull()).isTrue();
    assertThat(body.at("/errors/0/code").asInt()).isEqualTo(400);
    assertThat(body.at("/errors/0/msg").asText()).isEqualTo(message);
  }

  @Test
  void withoutSpanMetricsEveryEndpointSaysSoWith501() throws Exception {
    for (String path : SpmApi.ROUTES) {
      AggregatedHttpResponse response =
          withoutSpanMetrics.blockingWebClient().get(path + "?service=orders&quantile=0.5");
      assertThat(response.status().code()).as(path).isEqualTo(501);
      JsonNode body = JSON.readTree(response.contentUtf8());
      assertThat(body.at("/errors/0/msg").asText()).isEqualTo(SpmApi.DISABLED);
    }
  }
}
