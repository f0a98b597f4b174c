package io.tracemate.spanmetrics;

import static io.tracemate.spanmetrics.Spans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.model.SpanKind;
import io.tracemate.model.StatusCode;
import io.tracemate.red.RedPoint;
import io.tracemate.red.RedSummary;
import io.tracemate.spanmetrics.config.RedStoreConfig;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedQueryTest {
  private static final Instant NOON = Instant.parse("2026-01-01T12:00:00Z");
  private static final Instant MINUTE_BEFORE = NOON.minusSeconds(60);

  private SpanMetricsAggregator aggregator;
  private RedQuery query;

  @BeforeEach
  void traffic() {
    SpanMetricsConfig config = SpanMetricsConfig.builder().dimension("http.route").build();
    aggregator = new SpanMetricsAggregator(config, Clock.fixed(NOON, ZoneOffset.UTC));
    query = RedQuery.of(aggregator);
    // In the minute before noon, orders serves 6 requests (2 errors) on two routes and consumes 2
    // messages;
    // its CLIENT and INTERNAL spans are not what its callers see.
    aggregator.observe(
        List.of(
            span("orders", "GET /orders/{id}", SpanKind.SERVER)
                .attribute("http.route", "/orders/{id}")
                .millis(10)
                .endingAt("2026-01-01T11:59:01Z")
                .build(),
            span("orders", "GET /orders/{id}", SpanKind.SERVER)
                .attribute("http.route", "/orders/{id}")
                .millis(20)
                .endingAt("2026-01-01T11:59:11Z")
                .build(),
            span("orders", "GET /orders/{id}", SpanKind.SERVER)
                .attribute("http.route", "/orders/{id}")
                .millis(30)
                .status(StatusCode.ERROR)
                .endingAt("2026-01-01T11:59:21Z")
                .build(),
            span("orders", "POST /orders", SpanKind.SERVER)
                .attribute("http.route", "/orders")
                .millis(40)
                .endingAt("2026-01-01T11:59:31Z")
                .build(),
            span("orders", "POST /orders", SpanKind.SERVER)
                .attribute("http.route", "/orders")
                .millis(50)
                .status(StatusCode.ERROR)
                .endingAt("2026-01-01T11:59:41Z")
                .build(),
            span("orders", "POST /orders", SpanKind.SERVER)
                .attribute("http.route", "/orders")
                .millis(60)
                .endingAt("2026-01-01T11:59:51Z")
                .build(),
            span("orders", "order.created process", SpanKind.CONSUMER)
                .millis(5)
                .endingAt("2026-01-01T11:59:05Z")
                .build(),
            span("orders", "order.created process", SpanKind.CONSUMER)
                .millis(5)
                .endingAt("2026-01-01T11:59:35Z")
                .build(),
            span("orders", "SELECT orders", SpanKind.CLIENT)
                .millis(2)
                .status(StatusCode.ERROR)
                .endingAt("2026-01-01T11:59:02Z")
                .build(),
            span("orders", "validate", SpanKind.INTERNAL)
                .millis(1)
                .endingAt("2026-01-01T11:59:03Z")
                .build(),
            span("payments", "POST /pay", SpanKind.SERVER)
                .millis(100)
                .endingAt("2026-01-01T11:59:04Z")
                .build()));
  }

  @Test
  void serviceCountsItsServerAndConsumerSpans() {
    RedSummary orders = query.service("orders", MINUTE_BEFORE, NOON);
    assertThat(orders.calls()).isEqualTo(8);
    assertThat(orders.errors()).isEqualTo(2);
    assertThat(orders.ratePerSecond()).isEqualTo(8 / 60.0);
    assertThat(orders.errorRatio()).isEqualTo(0.25);
    assertThat(orders.sumMillis()).isEqualTo(220.0);
    assertThat(query.services()).containsExactly("orders", "payments");
  }

  @Test
  void operationsAreTheEntryPointsByName() {
    Map<String, RedSummary> operations = query.operations("orders", MINUTE_BEFORE, NOON);
    assertThat(operations)
        .containsOnlyKeys("GET /orders/{id}", "POST /orders", "order.created process");
    RedSummary get = operations.get("GET /orders/{id}");
    assertThat(get.calls()).isEqualTo(3);
    assertThat(get.errorRatio()).isEqualTo(1 / 3.0);
    // Nearest rank over 10, 20, 30 ms: p50 = 2nd = 20 ms, p99 = 3rd = 30 ms, within the store's 2
    // %.
    assertThat(get.p50Millis()).isBetween(19.6, 20.4);
    assertThat(get.p99Millis()).isBetween(29.4, 30.6);
  }

  @Test
  void byDimensionGroupsOnAConfiguredAttribute() {
    Map<String, RedSummary> routes = query.byDimension("orders", "http.route", MINUTE_BEFORE, NOON);
    assertThat(routes).containsOnlyKeys("/orders/{id}", "/orders"); // consumer spans have no route
    assertThat(routes.get("/orders").calls()).isEqualTo(3);
    assertThat(routes.get("/orders").errors()).isEqualTo(1);
    assertThat(routes.get("/orders").sumMillis()).isEqualTo(150.0);
  }

  @Test
  void anyFilterAndTimeSeries() {
    RedSummary clients =
        query.summary(
            new RedFilter("orders", null, Set.of(SpanKind.CLIENT), Map.of()), MINUTE_BEFORE, NOON);
    assertThat(clients.calls()).isEqualTo(1);
    assertThat(clients.errorRatio()).isEqualTo(1.0);

    List<RedPoint> points =
        query.series(
            RedFilter.entryPoints("orders").withDimension("http.route", "/orders"),
            MINUTE_BEFORE,
            NOON,
            Duration.ofSeconds(30));
    assertThat(points)
        .extracting(p -> p.start().toString())
        .containsExactly("2026-01-01T11:59:00Z", "2026-01-01T11:59:30Z");
    assertThat(points).extracting(p -> p.summary().calls()).containsExactly(0L, 3L);
    assertThat(points.get(1).summary().ratePerSecond()).isEqualTo(0.1);

    Map<String, RedSummary> byKind =
        query.groupBy(
            RedFilter.all().withSpanName("SELECT orders"),
            RedLabels.SPAN_KIND,
            MINUTE_BEFORE,
            NOON);
    assertThat(byKind).containsOnlyKeys("CLIENT");
  }

  @Test
  void theInternalStoreHasItsOwnBoundAndSaysSo() {
    SpanMetricsConfig config =
        SpanMetricsConfig.builder()
            .redSeries(new RedStoreConfig(null, null, null, null, 1))
            .build();
    SpanMetricsAggregator small =
        new SpanMetricsAggregator(config, Clock.fixed(NOON, ZoneOffset.UTC));
    small.observe(
        List.of(
            span("a", "op", SpanKind.SERVER).endingAt("2026-01-01T11:59:30Z").build(),
            span("b", "op", SpanKind.SERVER).endingAt("2026-01-01T11:59:30Z").build()));
    RedQuery smallQuery = RedQuery.of(small);
    assertThat(smallQuery.service("a", MINUTE_BEFORE, NOON).calls()).isEqualTo(1);
    assertThat(smallQuery.service("b", MINUTE_BEFORE, NOON).calls()).isZero();
    assertThat(smallQuery.overflowed()).isTrue();
    assertThat(small.redSeries().stats().overflowedObservations()).isEqualTo(1);
  }

  @Test
  void aStoreSharedWithOtherRecordersOnlyAnswersForSpanMetricSeries() {
    // An edge series as the service graph records it: no span_name, no span_kind.
    aggregator
        .redSeries()
        .record(
            io.tracemate.red.SeriesKey.of(
                "metric",
                "service_graph",
                "client",
                "orders",
                "server",
                "payments",
                "service",
                "orders"),
            NOON.minusSeconds(30).toEpochMilli(),
            1_000_000,
            true);
    assertThat(query.summary(RedFilter.all(), MINUTE_BEFORE, NOON).calls()).isEqualTo(11);
    assertThat(query.services()).containsExactly("orders", "payments");
    assertThat(query.service("orders", MINUTE_BEFORE, NOON).calls()).isEqualTo(8);
  }
}
