package io.tracemate.red;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tracemate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class RedSeriesStoreTest {
  private static final Instant NOON = Instant.parse("2026-01-01T12:00:00Z");
  private static final Predicate<SeriesKey> ALL = k -> true;
  private static final SeriesKey ORDERS =
      SeriesKey.of("service", "orders", "span_name", "GET /orders");
  private static final SeriesKey PAYMENTS =
      SeriesKey.of("service", "payments", "span_name", "POST /pay");

  private final MutableClock clock = new MutableClock(NOON);
  private final RedSeriesStore store = new RedSeriesStore(RedSeriesConfig.defaults(), clock);

  private static long at(String time) {
    return Instant.parse("2026-01-01T" + time + "Z").toEpochMilli();
  }

  private static Instant t(String time) {
    return Instant.parse("2026-01-01T" + time + "Z");
  }

  private static long ms(double millis) {
    return Math.round(millis * 1_000_000);
  }

  @Test
  void rateErrorRatioAndSumOverAWindow() {
    // 30 calls in the minute before noon, every 10th an error, each 2 ms long.
    for (int i = 0; i < 30; i++) {
      store.record(ORDERS, at("11:59:00") + i * 2_000L, ms(2), i % 10 == 0);
    }
    RedSummary minute = store.summarize(ALL, t("11:59:00"), t("12:00:00"));
    assertThat(minute.calls()).isEqualTo(30);
    assertThat(minute.errors()).isEqualTo(3);
    assertThat(minute.ratePerSecond()).isEqualTo(0.5); // 30 calls / 60 s
    assertThat(minute.errorRatio()).isEqualTo(0.1);
    assertThat(minute.sumMillis()).isEqualTo(60.0);
    assertThat(minute.p50Millis()).isCloseTo(2.0, within(2.0 * LatencyBuckets.RELATIVE_ACCURACY));

    // Only the slots starting in [11:59:30, 11:59:45): calls at :30, :32, ..., :44 -> 8 calls over
    // 15 s.
    RedSummary slot = store.summarize(ALL, t("11:59:30"), t("11:59:45"));
    assertThat(slot.calls()).isEqualTo(8);
    assertThat(slot.ratePerSecond()).isEqualTo(8 / 15.0);
  }

  @Test
  void aWindowReachingIntoTheFutureDividesByTheTimeUpToNow() {
    clock.set(t("12:00:30"));
    for (int i = 0; i < 15; i++) {
      store.record(ORDERS, at("12:00:00") + i * 2_000L, ms(1), false);
    }
    // Covered: 12:00:00 to now (12:00:30) = 30 s, not the 5 minutes asked for.
    assertThat(store.summarize(ALL, t("12:00:00"), t("12:05:00")).ratePerSecond()).isEqualTo(0.5);
  }

  @Test
  void emptyWindowHasNaNQuantilesAndZeroRatios() {
    RedSummary empty = store.summarize(ALL, t("11:00:00"), t("12:00:00"));
    assertThat(empty).isEqualTo(RedSummary.EMPTY);
    assertThat(empty.p99Millis()).isNaN();
    assertThat(empty.errorRatio()).isZero();
  }

  @Test
  void quantilesOfOneToHundredMillisAreWithinTwoPercent() {
    for (int i = 1; i <= 100; i++) {
      store.record(ORDERS, at("11:58:00") + i, ms(i), false);
    }
    RedSummary s = store.summarize(ALL, t("11:58:00"), t("11:59:00"));
    // Nearest rank: p50 = 50th smallest = 50 ms, p90 = 90 ms, p99 = 99 ms.
    assertThat(s.p50Millis()).isCloseTo(50, within(50 * 0.02));
    assertThat(s.p90Millis()).isCloseTo(90, within(90 * 0.02));
    assertThat(s.p99Millis()).isCloseTo(99, within(99 * 0.02));
    assertThat(s.sumMillis()).isEqualTo(5050.0);
  }

  @Test
  void theMaxAndTheSlowTailShowWhatTheP99Hides() {
    // 995 fast queries of 1-9 ms and 5 of 4.5 s: p99 stays in milliseconds.
    for (int i = 0; i < 995; i++) {
      store.record(ORDERS, at("11:58:00") + i, ms(1 + i % 9), false);
    }
    for (int i = 0; i < 5; i++) {
      store.record(ORDERS, at("11:58:30") + i, ms(4_500), false);
    }
    RedSummary s = store.summarize(ALL, t("11:58:00"), t("11:59:00"));
    assertThat(s.p99Millis()).isLessThan(10);
    assertThat(s.maxMillis()).isCloseTo(4_500, within(4_500 * 0.02));
    assertThat(s.slowCalls()).isEqualTo(5);
    assertThat(s.slowRatio()).isEqualTo(0.005);
    assertThat(RedSummary.EMPTY.maxMillis()).isNaN();
    // Against a threshold the caller knows (an SLO, a learned normal): calls above 8.5 ms, the 9 ms
    // ones and the slow.
    RedSummary overEight =
        store
            .summarizeBy(ALL, "service", t("11:58:00"), t("11:59:00"), value -> 8.5)
            .values()
            .iterator()
            .next();
    assertThat(overEight.slowCalls()).isEqualTo(5 + 995 / 9);
  }

  @Test
  void everyDurationFrom1MicrosecondTo10MinutesIsReportedWithin2Percent() {
    double[] millis = {0.0015, 0.017, 0.333, 1, 7.77, 42, 250, 1_234.5, 59_000, 590_000};
    for (double value : millis) {
      MutableClock c = new MutableClock(NOON);
      RedSeriesStore s = new RedSeriesStore(RedSeriesConfig.defaults(), c);
      s.record(ORDERS, at("11:59:00"), ms(value), false);
      double reported = s.summarize(ALL, t("11:59:00"), t("12:00:00")).p99Millis();
      assertThat(reported)
          .as("%s ms", value)
          .isCloseTo(value, within(value * LatencyBuckets.RELATIVE_ACCURACY));
    }
  }

  @Test
  void durationsOutsideTheRangeAreClamped() {
    store.record(ORDERS, at("11:59:00"), 10, false); // 10 ns
    store.record(PAYMENTS, at("11:59:00"), ms(3_600_000), false); // 1 h
    assertThat(store.summarize(k -> k.equals(ORDERS), t("11:59:00"), t("12:00:00")).p50Millis())
        .isEqualTo(0.001);
    assertThat(store.summarize(k -> k.equals(PAYMENTS), t("11:59:00"), t("12:00:00")).p50Millis())
        .isCloseTo(600_000, within(600_000 * 0.02));
  }

  @Test
  void rollUpAndRecentSlotsMeetAtTheBoundaryWithoutOverlapOrGap() {
    // now = 12:00:00: recent slots from 11:00:15, so the boundary is 11:05:00.
    store.record(ORDERS, at("10:30:00"), ms(1), false); // roll-up only
    store.record(ORDERS, at("11:02:30"), ms(1), false); // recent and roll-up, read from roll-up
    store.record(ORDERS, at("11:07:30"), ms(1), true); // read from recent
    store.record(ORDERS, at("11:59:59"), ms(1), false);

    assertThat(store.summarize(ALL, t("10:00:00"), t("12:00:00")).calls()).isEqualTo(4);
    assertThat(store.summarize(ALL, t("11:00:00"), t("11:05:00")).calls()).isEqualTo(1);
    assertThat(store.summarize(ALL, t("11:05:00"), t("12:00:00")).calls()).isEqualTo(2);
    assertThat(store.summarize(ALL, t("11:07:30"), t("11:07:45")).errors()).isEqualTo(1);
    // In the rolled-up part a 5 min slot counts only when it starts inside the window.
    assertThat(store.summarize(ALL, t("11:01:00"), t("11:05:00")).calls()).isZero();

    List<RedPoint> points =
        store.timeSeries(ALL, t("10:55:00"), t("11:15:00"), Duration.ofMinutes(5));
    assertThat(points)
        .extracting(p -> p.start().toString())
        .containsExactly(
            "2026-01-01T10:55:00Z",
            "2026-01-01T11:00:00Z",
            "2026-01-01T11:05:00Z",
            "2026-01-01T11:10:00Z");
    assertThat(points).extracting(p -> p.summary().calls()).containsExactly(0L, 1L, 1L, 0L);
    assertThat(points.get(1).summary().ratePerSecond()).isEqualTo(1 / 300.0);
  }

  @Test
  void recentDataIsStillThereWhenItHasAgedIntoTheRollUp() {
    clock.set(t("12:04:00"));
    store.record(ORDERS, at("12:00:10"), ms(5), true);
    store.record(ORDERS, at("12:03:10"), ms(7), false);
    clock.set(t("14:00:00"));
    RedSummary s = store.summarize(ALL, t("12:00:00"), t("12:05:00"));
    assertThat(s.calls()).isEqualTo(2);
    assertThat(s.errors()).isEqualTo(1);
    assertThat(s.sumMillis()).isEqualTo(12.0);
    RedSummary narrow = store.summarize(ALL, t("12:00:00"), t("12:00:15"));
    assertThat(narrow.calls())
        .as("in the rolled-up part a window widens to the 5 min slots starting in it")
        .isEqualTo(2);
    assertThat(narrow.ratePerSecond()).isEqualTo(2 / 300.0);
    assertThat(store.summarize(ALL, t("12:00:01"), t("12:05:00")).calls()).isZero();
  }

  @Test
  void fifteenSecondStepsInTheRecentPart() {
    store.record(ORDERS, at("11:59:01"), ms(1), false);
    store.record(ORDERS, at("11:59:14"), ms(1), false);
    store.record(ORDERS, at("11:59:31"), ms(1), true);
    List<RedPoint> points =
        store.timeSeries(ALL, t("11:59:00"), t("12:00:00"), Duration.ofSeconds(10));
    assertThat(points).extracting(p -> p.summary().calls()).containsExactly(2L, 0L, 1L, 0L);
    assertThat(points.get(0).summary().ratePerSecond()).isEqualTo(2 / 15.0);
    assertThat(points.get(2).summary().errorRatio()).isEqualTo(1.0);
  }

  @Test
  void timeSeriesRefusesTooManyPointsAndBackwardsRanges() {
    assertThatThrownBy(
            () -> store.timeSeries(ALL, t("12:00:00"), t("11:00:00"), Duration.ofMinutes(1)))
        .hasMessageContaining("must be after its start");
    assertThatThrownBy(
            () ->
                store.timeSeries(
                    ALL,
                    t("11:00:00"),
                    t("12:00:00").plus(Duration.ofDays(30)),
                    Duration.ofSeconds(15)))
        .hasMessageContaining("use a larger step");
  }

  @Test
  void observationsOutsideTheRetentionOrTooFarAheadAreRejectedAndCounted() {
    store.record(
        ORDERS, NOON.minus(Duration.ofHours(24)).minusSeconds(1).toEpochMilli(), ms(1), false);
    store.record(ORDERS, NOON.plus(Duration.ofMinutes(3)).toEpochMilli(), ms(1), false);
    store.record(ORDERS, NOON.plus(Duration.ofMinutes(1)).toEpochMilli(), ms(1), false);
    store.record(ORDERS, NOON.minus(Duration.ofHours(23)).toEpochMilli(), ms(1), false);
    assertThat(store.stats().rejectedObservations()).isEqualTo(2);
    assertThat(store.summarize(ALL, Instant.EPOCH, NOON.plus(Duration.ofDays(1))).calls())
        .isEqualTo(2);
  }

  @Test
  void dataOlderThanTheRetentionDisappearsAndItsSeriesIsEvicted() {
    store.record(ORDERS, at("11:59:00"), ms(1), false);
    clock.advance(Duration.ofHours(23));
    assertThat(store.summarize(ALL, t("11:55:00"), t("12:00:00")).calls()).isEqualTo(1);
    clock.advance(Duration.ofHours(1).plusMinutes(5));
    assertThat(store.summarize(ALL, t("11:55:00"), t("12:00:00")).calls()).isZero();

    store.record(PAYMENTS, clock.millis(), ms(1), false); // a record runs the sweep
    assertThat(store.keys()).containsExactly(PAYMENTS);
    assertThat(store.stats().evictedSeries()).isEqualTo(1);
  }

  @Test
  void keysBeyondMaxSeriesGoToTheOverflowSeries() {
    RedSeriesStore small = new RedSeriesStore(RedSeriesConfig.defaults().withMaxSeries(2), clock);
    for (String service : List.of("a", "b", "c", "d", "a")) {
      small.record(SeriesKey.of("service", service), at("11:59:00"), ms(1), service.equals("d"));
    }
    assertThat(small.keys())
        .containsExactlyInAnyOrder(
            SeriesKey.of("service", "a"), SeriesKey.of("service", "b"), SeriesKey.OVERFLOW);
    RedSummary overflow = small.summarize(SeriesKey::isOverflow, t("11:59:00"), t("12:00:00"));
    assertThat(overflow.calls()).isEqualTo(2);
    assertThat(overflow.errors()).isEqualTo(1);
    assertThat(
            small
                .summarize(k -> "a".equals(k.get("service")), t("11:59:00"), t("12:00:00"))
                .calls())
        .isEqualTo(2);
    assertThat(small.stats().overflowedObservations()).isEqualTo(2);
    assertThat(small.stats().series()).isEqualTo(3);
  }

  @Test
  void summarizeByGroupsOnOneLabelAndSkipsSeriesWithoutIt() {
    store.record(ORDERS, at("11:59:00"), ms(10), false);
    store.record(ORDERS, at("11:59:10"), ms(20), true);
    store.record(PAYMENTS, at("11:59:20"), ms(30), false);
    store.record(SeriesKey.of("other", "x"), at("11:59:20"), ms(30), false);
    Map<String, RedSummary> byService =
        store.summarizeBy(ALL, "service", t("11:59:00"), t("12:00:00"));
    assertThat(byService).containsOnlyKeys("orders", "payments");
    assertThat(byService.get("orders").calls()).isEqualTo(2);
    assertThat(byService.get("orders").errorRatio()).isEqualTo(0.5);
    assertThat(byService.get("orders").sumMillis()).isEqualTo(30.0);
    assertThat(byService.get("payments").ratePerSecond()).isEqualTo(1 / 60.0);
  }

  @Test
  void lateObservationsReopenSealedSlotsWithoutLosingTheirHistogram() {
    for (int i = 1; i <= 100; i++) {
      store.record(ORDERS, at("11:58:00") + i, ms(i), i > 95);
    }
    // Newer slots seal the 11:58:00 slot (recent) and later the 11:55 roll-up slot.
    store.record(ORDERS, at("11:59:30"), ms(1), false);
    RedSummary sealed = store.summarize(ALL, t("11:58:00"), t("11:58:15"));
    store.record(ORDERS, at("11:58:05"), ms(500), true); // late
    RedSummary reopened = store.summarize(ALL, t("11:58:00"), t("11:58:15"));

    assertThat(sealed.calls()).isEqualTo(100);
    assertThat(sealed.errors()).isEqualTo(5);
    assertThat(sealed.sumMillis()).isEqualTo(5050.0);
    assertThat(sealed.p50Millis()).isCloseTo(50, within(1.0));
    assertThat(reopened.calls()).isEqualTo(101);
    assertThat(reopened.errors()).isEqualTo(6);
    assertThat(reopened.sumMillis()).isEqualTo(5550.0);
    assertThat(reopened.p50Millis())
        .isEqualTo(sealed.p50Millis()); // 51st of 101 is still the 50/51 ms bucket
    assertThat(reopened.p99Millis())
        .isCloseTo(100, within(2.0)); // ceil(0.99 * 101) = 100th smallest = 100 ms
  }
}
