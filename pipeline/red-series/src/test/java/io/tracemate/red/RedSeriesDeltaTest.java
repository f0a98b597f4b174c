package io.tracemate.red;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Exporting stores' deltas, applied to one store, give what one store fed every observation holds. */
class RedSeriesDeltaTest {
  private static final Instant NOON = Instant.parse("2026-01-01T12:00:00Z");
  private static final Predicate<SeriesKey> ALL = k -> true;
  private static final SeriesKey ORDERS = SeriesKey.of("service", "orders", "span_name", "GET");
  private static final SeriesKey PAYMENTS =
      SeriesKey.of("service", "payments", "span_name", "POST");

  private final MutableClock clock = new MutableClock(NOON);
  private final RedSeriesConfig config = RedSeriesConfig.defaults();

  @Test
  void theSumOfTwoIngestersDeltasIsWhatOneStoreFedEverythingHolds() {
    RedSeriesStore everything = new RedSeriesStore(config, clock);
    RedSeriesStore first = RedSeriesStore.exporting(config, clock);
    RedSeriesStore second = RedSeriesStore.exporting(config, clock);
    RedSeriesStore querier = new RedSeriesStore(config, clock);
    Random random = new Random(7);
    long from = NOON.minus(Duration.ofHours(5)).toEpochMilli();
    for (int round = 0; round < 4; round++) {
      for (int i = 0; i < 2_000; i++) {
        // Mostly recent, some hours old (exported at the roll-up resolution), a few beyond the
        // retention.
        long at =
            i % 10 == 0
                ? from + (long) (random.nextDouble() * 5 * 3_600_000L)
                : clock.millis() - random.nextInt(600_000);
        if (i % 97 == 0) {
          at = NOON.minus(Duration.ofHours(30)).toEpochMilli();
        }
        SeriesKey key = random.nextBoolean() ? ORDERS : PAYMENTS;
        long duration = (long) (Math.exp(random.nextGaussian() * 2 + 13));
        boolean error = random.nextInt(20) == 0;
        everything.record(key, at, duration, error);
        (random.nextBoolean() ? first : second).record(key, at, duration, error);
      }
      applyAll(first.exportDeltas(), querier);
      applyAll(second.exportDeltas(), querier);
      clock.advance(Duration.ofMinutes(7));
    }

    assertThat(readAll(querier, ORDERS)).isEqualTo(readAll(everything, ORDERS));
    assertThat(readAll(querier, PAYMENTS)).isEqualTo(readAll(everything, PAYMENTS));
    Instant now = clock.instant();
    for (Duration window :
        List.of(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(6))) {
      assertThat(querier.summarize(ALL, now.minus(window), now))
          .isEqualTo(everything.summarize(ALL, now.minus(window), now));
    }
    assertThat(querier.timeSeries(ALL, now.minus(Duration.ofHours(2)), now, Duration.ofMinutes(1)))
        .isEqualTo(
            everything.timeSeries(ALL, now.minus(Duration.ofHours(2)), now, Duration.ofMinutes(1)));
    assertThat(querier.summarize(ALL, now.minus(Duration.ofHours(6)), now).calls())
        .isGreaterThan(7_000);
  }

  @Test
  void anExportHandsOnWhatWasRecordedSinceTheLastOneAndKeepsNoSeries() {
    RedSeriesStore exporting = RedSeriesStore.exporting(config, clock);
    long now = clock.millis();
    exporting.record(ORDERS, now - 1_000, 2_000_000, false);
    exporting.record(ORDERS, now - 2_000, 4_000_000, true);
    exporting.record(ORDERS, now - 20_000, 4_000_000, false);
    exporting.record(ORDERS, NOON.minus(Duration.ofHours(3)).toEpochMilli(), 1_000_000, false);

    assertThat(exporting.pendingDeltaSlots()).isEqualTo(3);
    assertThat(exporting.summarize(ALL, NOON.minus(Duration.ofHours(4)), NOON).calls()).isZero();
    List<SeriesDelta> exported = exporting.exportDeltas();

    assertThat(exported).hasSize(1);
    SeriesDelta orders = exported.getFirst();
    assertThat(orders.key()).isEqualTo(ORDERS);
    assertThat(orders.slots())
        .extracting(SlotDelta::widthMillis, SlotDelta::calls, SlotDelta::errors)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(300_000L, 1L, 0L),
            org.assertj.core.groups.Tuple.tuple(15_000L, 1L, 0L),
            org.assertj.core.groups.Tuple.tuple(15_000L, 2L, 1L));
    assertThat(orders.slots().getLast().sumNanos()).isEqualTo(6_000_000);
    assertThat(exporting.pendingDeltaSlots()).isZero();
    assertThat(exporting.exportDeltas()).isEmpty();
  }

  @Test
  void anExportingStoreBoundsItsKeysLikeAStore() {
    RedSeriesStore exporting = RedSeriesStore.exporting(config.withMaxSeries(2), clock);
    for (int i = 0; i < 5; i++) {
      exporting.record(SeriesKey.of("service", "s" + i), clock.millis() - 1, 1_000, false);
    }
    assertThat(exporting.exportDeltas())
        .extracting(SeriesDelta::key)
        .containsExactlyInAnyOrder(
            SeriesKey.of("service", "s0"), SeriesKey.of("service", "s1"), SeriesKey.OVERFLOW);
    assertThat(exporting.stats().overflowedObservations()).isEqualTo(3);
  }

  @Test
  void aMalformedDeltaIsRefusedNamingWhatIsWrong() {
    RedSeriesStore store = new RedSeriesStore(config, clock);
    long slot = Math.floorDiv(clock.millis(), 15_000) * 15_000 - 15_000;
    int[] one = {40};
    assertThatThrownBy(
            () ->
                store.applyDelta(ORDERS, new SlotDelta(slot, 10_000, 1, 0, 5, one, new int[] {1})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slot width 10000 ms");
    assertThatThrownBy(
            () ->
                store.applyDelta(
                    ORDERS, new SlotDelta(slot + 1, 15_000, 1, 0, 5, one, new int[] {1})))
        .hasMessageContaining("not a multiple of its width");
    assertThatThrownBy(
            () ->
                store.applyDelta(ORDERS, new SlotDelta(slot, 15_000, 2, 0, 5, one, new int[] {1})))
        .hasMessageContaining("buckets count 1 calls, its total 2");
    assertThatThrownBy(
            () ->
                store.applyDelta(
                    ORDERS,
                    new SlotDelta(slot, 15_000, 2, 0, 5, new int[] {9, 9}, new int[] {1, 1})))
        .hasMessageContaining("strictly increasing");
    assertThatThrownBy(
            () ->
                store.applyDelta(
                    ORDERS,
                    new SlotDelta(
                        slot, 15_000, 1, 0, 5, new int[] {LatencyBuckets.COUNT}, new int[] {1})))
        .hasMessageContaining("latency bucket " + LatencyBuckets.COUNT);
    assertThatThrownBy(
            () ->
                store.applyDelta(ORDERS, new SlotDelta(slot, 15_000, 1, 2, 5, one, new int[] {1})))
        .hasMessageContaining("errors 2");
    assertThat(store.keys()).isEmpty();

    assertThat(store.applyDelta(ORDERS, new SlotDelta(slot, 15_000, 1, 0, 5, one, new int[] {1})))
        .isTrue();
    long tooOld = NOON.minus(Duration.ofHours(25)).toEpochMilli();
    assertThat(
            store.applyDelta(ORDERS, new SlotDelta(tooOld, 300_000, 1, 0, 5, one, new int[] {1})))
        .isFalse();
    assertThat(store.stats().rejectedObservations()).isEqualTo(1);
  }

  @Test
  void storesRefuseTheOtherRolesOperations() {
    RedSeriesStore keeping = new RedSeriesStore(config, clock);
    RedSeriesStore exporting = RedSeriesStore.exporting(config, clock);
    assertThatThrownBy(keeping::exportDeltas).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                exporting.applyDelta(
                    ORDERS, new SlotDelta(0, 15_000, 1, 0, 1, new int[] {0}, new int[] {1})))
        .isInstanceOf(IllegalStateException.class);
    assertThat(exporting.isExporting()).isTrue();
    assertThat(keeping.isExporting()).isFalse();
  }

  private static void applyAll(List<SeriesDelta> deltas, RedSeriesStore target) {
    for (SeriesDelta series : deltas) {
      for (SlotDelta slot : series.slots()) {
        target.applyDelta(series.key(), slot);
      }
    }
  }

  private static List<String> readAll(RedSeriesStore store, SeriesKey key) {
    List<String> seen = new ArrayList<>();
    store.readSlots(
        key,
        store.nowMillis(),
        new SlotVisitor() {
          @Override
          public void slot(long startMillis, long widthMillis, long calls, long errors, long sum) {
            seen.add(startMillis + "/" + widthMillis + ": " + calls + " " + errors + " " + sum);
          }

          @Override
          public void bucket(int bucket, int count) {
            seen.add("  " + bucket + "=" + count);
          }
        });
    return seen;
  }
}
