package io.tracemate.http.prometheus.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tracemate.common.Cancellation;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.promql.engine.PromQLEngine;
import io.tracemate.promql.engine.QueryResult;
import io.tracemate.red.RedSeriesConfig;
import io.tracemate.red.RedSeriesStore;
import io.tracemate.servicegraph.ServiceGraph;
import io.tracemate.servicegraph.ServiceGraphConfig;
import io.tracemate.spanmetrics.SpanMetricsAggregator;
import io.tracemate.spanmetrics.SpanMetricsExposition;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import io.tracemate.testing.MutableClock;
import io.tracemate.testing.TestSpans;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Spans through the real span metrics and service graph, then PromQL over the RED stores: the figures a Prometheus
 * scraping /metrics would compute from what was sent.
 */
class RedSeriesSourceTest {
  private static final Instant NOON = Instant.parse("2026-03-02T12:00:00Z");

  private final MutableClock clock = new MutableClock(NOON.minusSeconds(600));
  private SpanMetricsAggregator metrics =
      new SpanMetricsAggregator(SpanMetricsConfig.defaults(), clock);
  private final ServiceGraph graph =
      new ServiceGraph(
          ServiceGraphConfig.defaults(),
          new RedSeriesStore(RedSeriesConfig.defaults(), clock),
          clock);

  private PromQLEngine engine() {
    return new PromQLEngine(
        RedSeriesSource.of(SpanMetricsExposition.of(metrics), graph.exposition()),
        EngineSettings.defaults());
  }

  /** Second s of the ten minutes before noon: one order request; every 5th fails; 2 of each 15 take 300 ms. */
  private static boolean fails(int second) {
    return second % 5 == 0;
  }

  private static boolean slow(int second) {
    return second % 15 == 1 || second % 15 == 2;
  }

  private void sendTenMinutes() {
    for (int second = 0; second < 600; second++) {
      long end = NOON.minusSeconds(600 - second).toEpochMilli() * 1_000_000 + 500_000_000L;
      clock.set(Instant.ofEpochSecond(0, end).plusSeconds(1));
      long duration = (slow(second) ? 300 : 30) * 1_000_000L;
      TraceId trace = new TraceId(7, second + 1);
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
      Span server =
          TestSpans.span(
                  trace,
                  new SpanId(2),
                  new SpanId(1),
                  "orders",
                  "GET /orders",
                  end - duration,
                  duration)
              .kind(SpanKind.SERVER)
              .status(fails(second) ? new Status(StatusCode.ERROR, "boom") : Status.UNSET)
              .build();
      metrics.observe(List.of(client, server));
      graph.observe(List.of(client, server));
    }
    clock.set(NOON);
  }

  private static double only(QueryResult result) {
    assertThat(result).isInstanceOf(QueryResult.Vector.class);
    List<QueryResult.Sample> samples = ((QueryResult.Vector) result).samples();
    assertThat(samples).hasSize(1);
    return samples.getFirst().value();
  }

  private double at(String query, Instant time) {
    return only(engine().instantQuery(query, time.toEpochMilli(), Cancellation.none()));
  }

  @Test
  void rateErrorRatioAndP99AreWhatWasSent() {
    sendTenMinutes();
    // One call a second, every 15 s slot whole: rate 1/s, extrapolated over the 5 min window.
    assertThat(
            at(
                "sum(rate(traces_span_metrics_calls_total{service_name=\"orders\",span_kind=\"SPAN_KIND_SERVER\"}[5m]))",
                NOON))
        .isCloseTo(1.0, within(1e-9));
    assertThat(
            at(
                "sum(rate(traces_span_metrics_calls_total{service_name=\"orders\",status_code=\"STATUS_CODE_ERROR\"}[5m]))"
                    + " / sum(rate(traces_span_metrics_calls_total{service_name=\"orders\"}[5m]))",
                NOON))
        .isCloseTo(0.2, within(1e-9));
    // 13 of 15 calls in (10, 50] ms, 2 in (200, 400]: Prometheus interpolates in the bucket of rank
    // 0.99.
    double expectedP99 = 200 + 200 * (0.99 - 13 / 15.0) / (2 / 15.0);
    assertThat(
            at(
                "histogram_quantile(0.99, sum by (le) (rate(traces_span_metrics_duration_milliseconds_bucket{service_name=\"orders\"}[5m])))",
                NOON))
        .isCloseTo(expectedP99, within(1e-6));
    // Counters count everything retained, as the counter on /metrics does.
    assertThat(at("sum(traces_span_metrics_calls_total{service_name=\"orders\"})", NOON))
        .isEqualTo(600);
    assertThat(
            at(
                "traces_span_metrics_duration_milliseconds_sum{service_name=\"orders\"}"
                    + " / traces_span_metrics_duration_milliseconds_count{service_name=\"orders\"}",
                NOON))
        .isCloseTo((520 * 30 + 80 * 300) / 600.0, within(1e-9));
  }

  @Test
  void theServiceGraphCountsEveryRequestAndFailure() {
    sendTenMinutes();
    assertThat(
            at(
                "sum(rate(traces_service_graph_request_total{client=\"shop\",server=\"orders\"}[5m]))",
                NOON))
        .isCloseTo(1.0, within(1e-9));
    assertThat(at("traces_service_graph_request_failed_total", NOON)).isEqualTo(120);
    assertThat(
            at(
                "histogram_quantile(0.5, sum by (le) (rate(traces_service_graph_request_client_seconds_bucket[5m])))",
                NOON))
        .isBetween(0.010, 0.050);
  }

  @Test
  void seriesAreLabelledAsOnMetrics() {
    sendTenMinutes();
    QueryResult result =
        engine()
            .instantQuery(
                "{__name__=~\"traces_span_metrics_calls_total|traces_service_graph_request_total\"}",
                NOON.toEpochMilli(),
                Cancellation.none());
    List<String> series =
        ((QueryResult.Vector) result)
            .samples().stream()
                .map(s -> s.labels().toString())
                .sorted()
                .collect(Collectors.toList());
    assertThat(series)
        .containsExactly(
            "{__name__=\"traces_service_graph_request_total\", client=\"shop\", server=\"orders\"}",
            "{__name__=\"traces_span_metrics_calls_total\", service_name=\"orders\", span_kind=\"SPAN_KIND_SERVER\", span_name=\"GET /orders\", status_code=\"STATUS_CODE_ERROR\"}",
            "{__name__=\"traces_span_metrics_calls_total\", service_name=\"orders\", span_kind=\"SPAN_KIND_SERVER\", span_name=\"GET /orders\", status_code=\"STATUS_CODE_UNSET\"}",
            "{__name__=\"traces_span_metrics_calls_total\", service_name=\"shop\", span_kind=\"SPAN_KIND_CLIENT\", span_name=\"GET /orders\", status_code=\"STATUS_CODE_UNSET\"}");
    List<String> buckets =
        ((QueryResult.Vector)
                engine()
                    .instantQuery(
                        "traces_span_metrics_duration_milliseconds_bucket{service_name=\"orders\"}",
                        NOON.toEpochMilli(),
                        Cancellation.none()))
            .samples().stream().map(s -> s.labels().get("le")).collect(Collectors.toList());
    assertThat(buckets).contains("10.0", "50.0", "1400.0", "+Inf").hasSize(17);
  }

  @Test
  void anIdleSeriesStaysFlatThenGoesStaleAfterMetricsExpiration() {
    metrics =
        new SpanMetricsAggregator(
            SpanMetricsConfig.builder().metricsExpiration("2m").build(), clock);
    sendTenMinutes();
    clock.set(NOON.plus(Duration.ofMinutes(10)));
    Instant later = NOON.plus(Duration.ofMinutes(1));
    assertThat(at("sum(traces_span_metrics_calls_total{service_name=\"orders\"})", later))
        .isEqualTo(600);
    assertThat(at("sum(rate(traces_span_metrics_calls_total{service_name=\"orders\"}[1m]))", later))
        .isZero();
    QueryResult gone =
        engine()
            .instantQuery(
                "traces_span_metrics_calls_total{service_name=\"orders\"}",
                NOON.plus(Duration.ofMinutes(4)).toEpochMilli(),
                Cancellation.none());
    assertThat(((QueryResult.Vector) gone).samples()).isEmpty();
  }

  @Test
  void aRangeQueryStepsOverTheStoreResolution() {
    sendTenMinutes();
    QueryResult range =
        engine()
            .rangeQuery(
                "sum(rate(traces_span_metrics_calls_total{service_name=\"orders\"}[1m]))",
                NOON.minusSeconds(300).toEpochMilli(),
                NOON.toEpochMilli(),
                30_000,
                Cancellation.none());
    List<QueryResult.Point> points = ((QueryResult.Matrix) range).series().getFirst().points();
    assertThat(points).hasSize(11);
    assertThat(points).allSatisfy(p -> assertThat(p.value()).isCloseTo(1.0, within(1e-9)));
  }
}
