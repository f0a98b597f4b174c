package io.tracemate.red;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedSeriesSlotReadTest {
  private static final Instant NOON = Instant.parse("2026-01-01T12:00:00Z");
  private static final SeriesKey ORDERS = SeriesKey.of("service", "orders", "span_name", "GET");

  private final MutableClock clock = new MutableClock(NOON);
  private final RedSeriesStore store = new RedSeriesStore(RedSeriesConfig.defaults(), clock);

  private record Seen(
      long start, long width, long calls, long errors, long sumNanos, long inBuckets) {}

  private List<Seen> read(SeriesKey key) {
    List<Seen> seen = new ArrayList<>();
    long[] buckets = new long[1];
    store.readSlots(
        key,
        store.nowMillis(),
        new SlotVisitor() {
          @Override
          public void slot(long startMillis, long widthMillis, long calls, long errors, long sum) {
            if (!seen.isEmpty()) {
              Seen last = seen.removeLast();
              seen.add(
                  new Seen(
                      last.start, last.width, last.calls, last.errors, last.sumNanos, buckets[0]));
            }
            buckets[0] = 0;
            seen.add(new Seen(startMillis, widthMillis, calls, errors, sum, 0));
          }

          @Override
          public void bucket(int bucket, int count) {
            buckets[0] += count;
          }
        });
    if (!seen.isEmpty()) {
      Seen last = seen.removeLast();
      seen.add(
          new Seen(last.start, last.width, last.calls, last.errors, last.sumNanos, buckets[0]));
    }
    return seen;
  }

  @Test
  void everyObservationIsReadOnceAtTheResolutionItsTimeIsKeptAt() {
    long start = NOON.minusSeconds(3 * 3600).toEpochMilli();
    for (int minute = 0; minute < 3 * 60; minute++) {
      store.record(ORDERS, start + minute * 60_000L, 2_000_000, minute % 3 == 0);
    }
    List<Seen> slots = read(ORDERS);

    assertThat(slots.stream().mapToLong(Seen::calls).sum()).isEqualTo(180);
    assertThat(slots.stream().mapToLong(Seen::errors).sum()).isEqualTo(60);
    assertThat(slots.stream().mapToLong(Seen::sumNanos).sum()).isEqualTo(180 * 2_000_000L);
    assertThat(slots).allSatisfy(s -> assertThat(s.inBuckets()).isEqualTo(s.calls()));
    for (int i = 1; i < slots.size(); i++) {
      Seen before = slots.get(i - 1);
      assertThat(slots.get(i).start()).isGreaterThanOrEqualTo(before.start() + before.width());
    }
    long boundary = store.rollupBoundaryMillis(store.nowMillis());
    assertThat(slots)
        .allSatisfy(s -> assertThat(s.width()).isEqualTo(s.start() < boundary ? 300_000 : 15_000));
    assertThat(slots.stream().filter(s -> s.width() == 15_000).count()).isBetween(55L, 61L);
  }

  @Test
  void anUnknownSeriesIsReportedAsAbsent() {
    assertThat(store.readSlots(ORDERS, store.nowMillis(), null)).isFalse();
  }

  @Test
  void bucketBoundsGrowByTheRelativeAccuracy() {
    assertThat(LatencyBuckets.upperBoundNanos(0)).isEqualTo(1_000d);
    for (int i = 1; i < LatencyBuckets.COUNT - 1; i++) {
      assertThat(LatencyBuckets.representativeNanos(i))
          .isBetween(LatencyBuckets.upperBoundNanos(i - 1), LatencyBuckets.upperBoundNanos(i));
    }
    assertThat(LatencyBuckets.upperBoundNanos(LatencyBuckets.COUNT - 1)).isInfinite();
  }
}
