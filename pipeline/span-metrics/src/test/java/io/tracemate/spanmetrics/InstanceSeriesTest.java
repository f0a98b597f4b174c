package io.tracemate.spanmetrics;

import static io.tracemate.spanmetrics.Spans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import io.tracemate.model.StatusCode;
import io.tracemate.red.RedSummary;
import io.tracemate.spanmetrics.config.InstancesConfig;
import io.tracemate.spanmetrics.config.RedStoreConfig;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import io.tracemate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each service's RED per instance: named by its pod (or process, or host), bounded, forgetting idle pods. */
class InstanceSeriesTest {
  private static final Instant NOON = Instant.parse("2026-01-01T12:00:00Z");
  private final MutableClock clock = new MutableClock(NOON);

  /** A request served by the pod, ending a second before {@code at}. */
  private static Span served(String service, String pod, double millis, boolean error, Instant at) {
    Spans span =
        span(service, "GET /orders", SpanKind.SERVER)
            .millis(millis)
            .endingAt(at.minusSeconds(1).toString());
    if (pod != null) {
      span.resource("k8s.pod.name", pod);
    }
    return (error ? span.status(StatusCode.ERROR) : span)
        .resource("service.instance.id", "id-" + pod)
        .build();
  }

  private Map<String, RedSummary> instances(RedQuery query, String service) {
    return query.instances(service, clock.instant().minus(Duration.ofMinutes(5)), clock.instant());
  }

  @Test
  void eachReplicaHasItsOwnRedAndTheServiceIsNotCountedTwice() {
    SpanMetricsAggregator aggregator =
        new SpanMetricsAggregator(SpanMetricsConfig.defaults(), clock);
    RedQuery query = RedQuery.of(aggregator);
    Instant end = NOON.minusSeconds(30);
    aggregator.observe(
        List.of(
            served("orders", "orders-7f9c-a", 10, false, end),
            served("orders", "orders-7f9c-a", 20, false, end),
            served("orders", "orders-7f9c-b", 900, true, end),
            // Named by service.instance.id when there is no pod, by host.name when there is
            // neither.
            span("orders", "GET /orders", SpanKind.SERVER)
                .resource("service.instance.id", "vm-process-1")
                .millis(5)
                .endingAt(end.toString())
                .build(),
            span("orders", "orders.created", SpanKind.CONSUMER)
                .resource("host.name", "worker-3")
                .millis(5)
                .endingAt(end.toString())
                .build(),
            // Neither an entry span, nor one that names its instance, is counted per instance.
            span("orders", "SELECT", SpanKind.CLIENT)
                .resource("k8s.pod.name", "orders-7f9c-a")
                .millis(1)
                .endingAt(end.toString())
                .build(),
            span("orders", "GET /health", SpanKind.SERVER)
                .millis(1)
                .endingAt(end.toString())
                .build()));

    Map<String, RedSummary> byInstance = instances(query, "orders");
    assertThat(byInstance)
        .containsOnlyKeys("orders-7f9c-a", "orders-7f9c-b", "vm-process-1", "worker-3");
    assertThat(byInstance.get("orders-7f9c-a").calls()).isEqualTo(2);
    assertThat(byInstance.get("orders-7f9c-a").errors()).isZero();
    assertThat(byInstance.get("orders-7f9c-b").errors()).isEqualTo(1);
    assertThat(byInstance.get("orders-7f9c-b").p99Millis()).isGreaterThan(800);
    // The service's own RED and its operations are what they were: 6 entry spans, the instance
    // series aside.
    assertThat(query.service("orders", NOON.minusSeconds(300), NOON).calls()).isEqualTo(6);
    assertThat(query.operations("orders", NOON.minusSeconds(300), NOON).get("GET /orders").calls())
        .isEqualTo(4);
    assertThat(query.services()).containsExactly("orders");
    assertThat(aggregator.instanceOverflows()).isZero();
  }

  @Test
  void beyondTheBoundNewPodsShareOneOtherUntilAnOldOneHasBeenIdleForAnHour() {
    SpanMetricsAggregator aggregator =
        new SpanMetricsAggregator(
            SpanMetricsConfig.builder().instances(new InstancesConfig(null, 2)).build(), clock);
    RedQuery query = RedQuery.of(aggregator);
    aggregator.observe(
        List.of(
            served("orders", "a", 1, false, NOON),
            served("orders", "b", 1, false, NOON),
            served("orders", "c", 1, false, NOON),
            served("orders", "d", 1, false, NOON),
            served("payments", "p", 1, false, NOON)));
    assertThat(instances(query, "orders")).containsOnlyKeys("a", "b", "__other__");
    assertThat(instances(query, "orders").get("__other__").calls()).isEqualTo(2);
    assertThat(instances(query, "payments")).containsOnlyKeys("p"); // the bound is per service
    assertThat(aggregator.instanceOverflows()).isEqualTo(2);

    // A rolling deploy an hour later: "a" stopped, "b" still serves, "e" starts and gets a's place.
    clock.advance(Duration.ofMinutes(59));
    aggregator.observe(List.of(served("orders", "b", 1, false, clock.instant())));
    clock.advance(Duration.ofMinutes(2));
    aggregator.observe(
        List.of(
            served("orders", "e", 1, false, clock.instant()),
            served("orders", "f", 1, false, clock.instant())));
    assertThat(instances(query, "orders")).containsOnlyKeys("b", "e", "__other__");
    assertThat(aggregator.instanceOverflows()).isEqualTo(3);
  }

  @Test
  void spansSharingOneResourceObjectAreCountedAsSpansFromSeparateOnes() {
    SpanMetricsAggregator aggregator =
        new SpanMetricsAggregator(
            SpanMetricsConfig.builder().instances(new InstancesConfig(null, 1)).build(), clock);
    RedQuery query = RedQuery.of(aggregator);
    // As a decoder hands them over: the spans of one ResourceSpans share its Resource instance.
    Span a = served("orders", "a", 1, false, NOON);
    Span b = served("orders", "b", 1, false, NOON);
    List<Span> batch =
        List.of(a, a.toBuilder().build(), b, b.toBuilder().build(), b.toBuilder().build());
    aggregator.observe(batch);
    assertThat(instances(query, "orders")).containsOnlyKeys("a", "__other__");
    assertThat(instances(query, "orders").get("a").calls()).isEqualTo(2);
    assertThat(instances(query, "orders").get("__other__").calls()).isEqualTo(3);
    assertThat(aggregator.instanceOverflows())
        .isEqualTo(3); // each span beyond the bound, not each resource

    // "a" idle for over an hour is forgotten for "b"; then "a"'s resource comes back and is beyond
    // the bound.
    clock.advance(Duration.ofMinutes(61));
    Span later =
        b.toBuilder()
            .endEpochNanos(b.endEpochNanos() + Duration.ofMinutes(61).toNanos())
            .startEpochNanos(b.startEpochNanos() + Duration.ofMinutes(61).toNanos())
            .build();
    aggregator.observe(List.of(later));
    assertThat(instances(query, "orders")).containsOnlyKeys("b");
    Span aLater =
        a.toBuilder()
            .endEpochNanos(later.endEpochNanos())
            .startEpochNanos(later.startEpochNanos())
            .build();
    aggregator.observe(List.of(aLater, aLater.toBuilder().build()));
    assertThat(instances(query, "orders")).containsOnlyKeys("b", "__other__");
    assertThat(instances(query, "orders").get("__other__").calls()).isEqualTo(2);
    assertThat(aggregator.instanceOverflows()).isEqualTo(5);
  }

  @Test
  void overAllServicesNoMoreInstancesThanTheStoreKeepsSeries() {
    SpanMetricsAggregator aggregator =
        new SpanMetricsAggregator(
            SpanMetricsConfig.builder()
                .redSeries(new RedStoreConfig(null, null, null, null, 20))
                .build(),
            clock);
    RedQuery query = RedQuery.of(aggregator);
    for (int i = 0; i < 25; i++) {
      aggregator.observe(List.of(served("service-" + i, "pod-" + i, 1, false, NOON)));
    }
    long counted = 0;
    for (int i = 0; i < 25; i++) {
      counted += instances(query, "service-" + i).size();
    }
    // The instances of the first 20 services are admitted (the store itself then keeps what fits
    // beside the services' own series); the last 5 services' spans count under no instance.
    assertThat(counted).isPositive().isLessThanOrEqualTo(20);
    assertThat(aggregator.instanceOverflows()).isEqualTo(5);
    assertThat(instances(query, "service-24")).isEmpty();
  }

  @Test
  void noAttributesMeansNoBreakdown() {
    SpanMetricsAggregator aggregator =
        new SpanMetricsAggregator(
            SpanMetricsConfig.builder().instances(new InstancesConfig(List.of(), null)).build(),
            clock);
    aggregator.observe(List.of(served("orders", "a", 1, false, NOON)));
    assertThat(instances(RedQuery.of(aggregator), "orders")).isEmpty();
    assertThat(aggregator.redSeries().keys())
        .allSatisfy(key -> assertThat(key.get(RedLabels.INSTANCE)).isNull());
  }
}
