package io.tracemate.spanmetrics;

import static io.tracemate.spanmetrics.Spans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import io.tracemate.model.StatusCode;
import io.tracemate.spanmetrics.config.HistogramConfig;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import io.tracemate.testing.MutableClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpanMetricsAggregatorTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T12:05:00Z"), ZoneOffset.UTC);

  private static SpanMetricsCollector collector(SpanMetricsConfig config, List<Span> spans) {
    SpanMetricsAggregator aggregator = new SpanMetricsAggregator(config, CLOCK);
    aggregator.observe(spans);
    return new SpanMetricsCollector(aggregator);
  }

  private static Map<String, String> server(String service, String name, String status) {
    return Map.of(
        "service_name",
        service,
        "span_name",
        name,
        "span_kind",
        "SPAN_KIND_SERVER",
        "status_code",
        status);
  }

  @Test
  void callsBucketsSumsAndExemplarsPerSeries() {
    SpanMetricsConfig config =
        SpanMetricsConfig.builder()
            .histogram(HistogramConfig.explicit("ms", "2ms", "4ms", "10ms"))
            .build();
    List<Span> spans =
        List.of(
            nth(1, "orders", "GET /orders", 1).build(),
            nth(2, "orders", "GET /orders", 2).build(),
            nth(3, "orders", "GET /orders", 3).build(),
            nth(4, "orders", "GET /orders", 9).build(),
            nth(5, "orders", "GET /orders", 1.5).build(),
            nth(6, "orders", "GET /orders", 25).status(StatusCode.ERROR).build(),
            nth(7, "payments", "POST /pay", 4).build());
    Scrape scrape = new Scrape(collector(config, spans));

    Map<String, String> ok = server("orders", "GET /orders", "STATUS_CODE_UNSET");
    assertThat(scrape.calls(ok).getValue()).isEqualTo(5);
    HistogramDataPointSnapshot okDuration = scrape.duration(ok);
    // 1, 1.5, 2 ms ≤ 2; 3 ≤ 4; 9 ≤ 10; none above.
    assertThat(Scrape.cumulative(okDuration)).containsExactly(3L, 4L, 5L, 5L);
    assertThat(okDuration.getCount()).isEqualTo(5);
    assertThat(okDuration.getSum()).isEqualTo(16.5);
    // The latest span of each bucket: 1.5 ms (span 5) replaced 2 ms (span 2) and 1 ms (span 1).
    assertThat(exemplars(okDuration))
        .containsExactly(
            "1.5 ms 4bf92f3577b34da60000000000000005/0000000000000005 @1767268805000",
            "3.0 ms 4bf92f3577b34da60000000000000003/0000000000000003 @1767268803000",
            "9.0 ms 4bf92f3577b34da60000000000000004/0000000000000004 @1767268804000");
    assertThat(scrape.calls(ok).getExemplar().getLabels().get("span_id"))
        .isEqualTo("0000000000000005");

    Map<String, String> error = server("orders", "GET /orders", "STATUS_CODE_ERROR");
    assertThat(scrape.calls(error).getValue()).isEqualTo(1);
    assertThat(Scrape.cumulative(scrape.duration(error))).containsExactly(0L, 0L, 0L, 1L);
    assertThat(exemplars(scrape.duration(error)))
        .containsExactly(
            "25.0 ms 4bf92f3577b34da60000000000000006/0000000000000006 @1767268806000");

    Map<String, String> pay = server("payments", "POST /pay", "STATUS_CODE_UNSET");
    assertThat(Scrape.cumulative(scrape.duration(pay)))
        .as("4 ms is in le=4 (upper bound inclusive)")
        .containsExactly(0L, 1L, 1L, 1L);
    assertThat(scrape.labelSets("traces_span_metrics_calls")).hasSize(3);
  }

  private static List<String> exemplars(HistogramDataPointSnapshot point) {
    List<String> out = new ArrayList<>();
    for (Exemplar e : point.getExemplars()) {
      out.add(
          e.getValue()
              + " ms "
              + e.getLabels().get("trace_id")
              + "/"
              + e.getLabels().get("span_id")
              + " @"
              + e.getTimestampMillis());
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource({
    "SERVER, UNSET, SPAN_KIND_SERVER, STATUS_CODE_UNSET",
    "CLIENT, OK, SPAN_KIND_CLIENT, STATUS_CODE_OK",
    "PRODUCER, ERROR, SPAN_KIND_PRODUCER, STATUS_CODE_ERROR",
    "CONSUMER, UNSET, SPAN_KIND_CONSUMER, STATUS_CODE_UNSET",
    "INTERNAL, ERROR, SPAN_KIND_INTERNAL, STATUS_CODE_ERROR",
    "UNSPECIFIED, OK, SPAN_KIND_UNSPECIFIED, STATUS_CODE_OK"
  })
  void kindAndStatusLabelsAreTheCollectorsEnumNames(
      SpanKind kind, StatusCode status, String kindLabel, String statusLabel) {
    Scrape scrape =
        new Scrape(
            collector(
                SpanMetricsConfig.defaults(),
                List.of(span("svc", "op", kind).status(status).build())));
    assertThat(scrape.labelSets("traces_span_metrics_calls"))
        .containsExactly(
            Map.of(
                "service_name",
                "svc",
                "span_name",
                "op",
                "span_kind",
                kindLabel,
                "status_code",
                statusLabel));
  }

  /** The {@code n}th server span of a scrape: span and trace ID {@code n}, ending {@code n} s after noon. */
  private static Spans nth(int n, String service, String name, double millis) {
    return span(service, name, SpanKind.SERVER)
        .ids(n, n)
        .millis(millis)
        .endingAt("2026-01-01T12:00:0" + n + "Z");
  }

  @Test
  void extraDimensionsComeFromTheSpanThenTheResourceThenTheDefault() {
    SpanMetricsConfig config =
        SpanMetricsConfig.builder()
            .dimension("http.route")
            .dimension("k8s.namespace.name", "unknown")
            .dimension("http.response.status_code")
            .build();
    List<Span> spans =
        List.of(
            // namespace on the resource only; route and numeric status on the span
            span("orders", "GET", SpanKind.SERVER)
                .resource("k8s.namespace.name", "prod")
                .attribute("http.route", "/orders/{id}")
                .attribute("http.response.status_code", 200)
                .build(),
            // the span's attribute wins over the resource's
            span("orders", "GET", SpanKind.SERVER)
                .resource("k8s.namespace.name", "prod")
                .attribute("k8s.namespace.name", "canary")
                .attribute("http.route", "/orders/{id}")
                .attribute("http.response.status_code", 200)
                .build(),
            // no namespace anywhere: the default; no route and no status: labels left out
            span("orders", "GET", SpanKind.SERVER).build());
    Scrape scrape = new Scrape(collector(config, spans));
    Map<String, String> base = server("orders", "GET", "STATUS_CODE_UNSET");
    assertThat(scrape.labelSets("traces_span_metrics_calls"))
        .containsExactlyInAnyOrder(
            with(
                base,
                "http_route",
                "/orders/{id}",
                "k8s_namespace_name",
                "prod",
                "http_response_status_code",
                "200"),
            with(
                base,
                "http_route",
                "/orders/{id}",
                "k8s_namespace_name",
                "canary",
                "http_response_status_code",
                "200"),
            with(base, "k8s_namespace_name", "unknown"));
  }

  private static Map<String, String> with(Map<String, String> base, String... more) {
    Map<String, String> out = new java.util.TreeMap<>(base);
    for (int i = 0; i < more.length; i += 2) {
      out.put(more[i], more[i + 1]);
    }
    return out;
  }

  @Test
  void excludedDimensionsMergeTheirSeries() {
    SpanMetricsConfig config =
        SpanMetricsConfig.builder().excludeDimensions("status.code", "span.kind").build();
    Scrape scrape =
        new Scrape(
            collector(
                config,
                List.of(
                    span("orders", "GET", SpanKind.SERVER).millis(3).build(),
                    span("orders", "GET", SpanKind.CLIENT)
                        .millis(5)
                        .status(StatusCode.ERROR)
                        .build())));
    Map<String, String> labels = Map.of("service_name", "orders", "span_name", "GET");
    assertThat(scrape.labelSets("traces_span_metrics_calls")).containsExactly(labels);
    assertThat(scrape.calls(labels).getValue()).isEqualTo(2);
    assertThat(scrape.duration(labels).getSum()).isEqualTo(8.0);
  }

  @Test
  void beyondTheCardinalityLimitSpansGoToTheOverflowSeries() {
    SpanMetricsConfig config = SpanMetricsConfig.builder().aggregationCardinalityLimit(2).build();
    SpanMetricsAggregator aggregator = new SpanMetricsAggregator(config, CLOCK);
    aggregator.observe(
        List.of(
            span("a", "op", SpanKind.SERVER).build(),
            span("b", "op", SpanKind.SERVER).build(),
            span("c", "op", SpanKind.SERVER).millis(7).build(),
            span("d", "op", SpanKind.SERVER).millis(8).build(),
            span("a", "op", SpanKind.SERVER).build()));
    Scrape scrape = new Scrape(new SpanMetricsCollector(aggregator));
    assertThat(scrape.calls(server("a", "op", "STATUS_CODE_UNSET")).getValue()).isEqualTo(2);
    Map<String, String> overflow = Map.of("otel_metric_overflow", "true");
    assertThat(scrape.calls(overflow).getValue()).isEqualTo(2);
    assertThat(scrape.duration(overflow).getSum()).isEqualTo(15.0);
    assertThat(aggregator.seriesCount()).isEqualTo(3);
    assertThat(aggregator.overflowedSpans()).isEqualTo(2);
    // The internal series keep the real keys (their own bound is red_series.max_series).
    assertThat(RedQuery.of(aggregator).services()).containsExactly("a", "b", "c", "d");
  }

  @Test
  void secondsUnitNamesAndBounds() {
    SpanMetricsConfig config =
        SpanMetricsConfig.builder()
            .histogram(HistogramConfig.explicit("s", "100us", "2ms", "1.5s"))
            .namespace("span.metrics")
            .build();
    Scrape scrape =
        new Scrape(collector(config, List.of(span("a", "op", SpanKind.SERVER).millis(2).build())));
    assertThat(scrape.metric("span_metrics_calls")).isNotNull();
    var histogram =
        (io.prometheus.metrics.model.snapshots.HistogramSnapshot)
            scrape.metric("span_metrics_duration_seconds");
    var point = histogram.getDataPoints().get(0);
    List<Double> bounds = new ArrayList<>();
    point.getClassicBuckets().forEach(b -> bounds.add(b.getUpperBound()));
    assertThat(bounds).containsExactly(0.0001, 0.002, 1.5, Double.POSITIVE_INFINITY);
    assertThat(Scrape.cumulative(point)).containsExactly(0L, 1L, 1L, 1L);
    assertThat(point.getSum()).isEqualTo(0.002);
  }

  @Test
  void exemplarsAndTheHistogramCanBeTurnedOff() {
    SpanMetricsConfig noExemplars = SpanMetricsConfig.builder().exemplars(false).build();
    Scrape scrape =
        new Scrape(collector(noExemplars, List.of(span("a", "op", SpanKind.SERVER).build())));
    Map<String, String> labels = server("a", "op", "STATUS_CODE_UNSET");
    assertThat(scrape.duration(labels).getExemplars().size()).isZero();
    assertThat(scrape.calls(labels).getExemplar()).isNull();

    SpanMetricsConfig noHistogram =
        SpanMetricsConfig.builder().histogram(new HistogramConfig(null, null, true, null)).build();
    Scrape calls =
        new Scrape(collector(noHistogram, List.of(span("a", "op", SpanKind.SERVER).build())));
    assertThat(calls.metric("traces_span_metrics_duration_milliseconds")).isNull();
    assertThat(calls.calls(labels).getValue()).isEqualTo(1);
  }

  @Test
  void defaultBucketsAreTheCollectors() {
    Scrape scrape =
        new Scrape(
            collector(
                SpanMetricsConfig.defaults(),
                List.of(span("a", "op", SpanKind.SERVER).millis(1200).build())));
    var point = scrape.duration(server("a", "op", "STATUS_CODE_UNSET"));
    List<Double> bounds = new ArrayList<>();
    point.getClassicBuckets().forEach(b -> bounds.add(b.getUpperBound()));
    assertThat(bounds)
        .containsExactly(
            2.0,
            4.0,
            6.0,
            8.0,
            10.0,
            50.0,
            100.0,
            200.0,
            400.0,
            800.0,
            1000.0,
            1400.0,
            2000.0,
            5000.0,
            10000.0,
            15000.0,
            Double.POSITIVE_INFINITY);
    // 1200 ms: first in le=1400 (index 11)
    assertThat(Scrape.cumulative(point).subList(10, 12)).containsExactly(0L, 1L);
  }

  @Test
  void eachExtraDimensionKeepsAtMostItsValueLimit() {
    SpanMetricsConfig config =
        SpanMetricsConfig.builder().dimension("http.route").dimensionValueLimit(2).build();
    SpanMetricsAggregator aggregator = new SpanMetricsAggregator(config, CLOCK);
    aggregator.observe(
        List.of(
            span("orders", "GET", SpanKind.SERVER).attribute("http.route", "/a").build(),
            span("orders", "GET", SpanKind.SERVER).attribute("http.route", "/b").build(),
            span("orders", "GET", SpanKind.SERVER).attribute("http.route", "/c").build(),
            span("orders", "GET", SpanKind.SERVER).attribute("http.route", "/d").build(),
            span("orders", "GET", SpanKind.SERVER).attribute("http.route", "/a").build(),
            span("orders", "GET", SpanKind.SERVER).build()));
    Scrape scrape = new Scrape(new SpanMetricsCollector(aggregator));
    Map<String, String> base = server("orders", "GET", "STATUS_CODE_UNSET");
    assertThat(scrape.calls(with(base, "http_route", "/a")).getValue()).isEqualTo(2);
    assertThat(scrape.calls(with(base, "http_route", "/b")).getValue()).isEqualTo(1);
    assertThat(scrape.calls(with(base, "http_route", "__other__")).getValue()).isEqualTo(2);
    assertThat(scrape.calls(base).getValue()).as("no route: no label, not limited").isEqualTo(1);
    assertThat(aggregator.dimensionOverflows()).containsExactly(Map.entry("http.route", 2L));
    var replaced =
        (io.prometheus.metrics.model.snapshots.CounterSnapshot)
            scrape.metric("tracemate_spanmetrics_dimension_overflow");
    assertThat(replaced.getDataPoints())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getLabels().get("dimension")).isEqualTo("http.route");
              assertThat(p.getValue()).isEqualTo(2);
            });
  }

  @Test
  void seriesWithoutSpansForMetricsExpirationAreDroppedAtTheNextScrape() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));
    SpanMetricsConfig config =
        SpanMetricsConfig.builder().metricsExpiration("5m").aggregationCardinalityLimit(1).build();
    SpanMetricsAggregator aggregator = new SpanMetricsAggregator(config, clock);
    SpanMetricsCollector collector = new SpanMetricsCollector(aggregator);
    aggregator.observe(
        List.of(
            span("old", "op", SpanKind.SERVER).build(),
            span("old", "op", SpanKind.SERVER).build()));
    clock.advance(java.time.Duration.ofMinutes(6));
    new Scrape(collector); // the scrape expires "old", freeing its place under the limit of 1
    aggregator.observe(List.of(span("new", "op", SpanKind.SERVER).build()));
    Scrape scrape = new Scrape(collector);
    assertThat(scrape.labelSets("traces_span_metrics_calls"))
        .containsExactly(server("new", "op", "STATUS_CODE_UNSET"));
    assertThat(aggregator.expiredSeries()).isEqualTo(1);
    assertThat(aggregator.overflowedSpans()).isZero();
  }
}
