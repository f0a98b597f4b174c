package io.tracemate.red;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RedSeriesConcurrencyTest {
  private static final Instant NOON = Instant.parse("2026-01-01T12:00:00Z");

  @Test
  void threadsRecordingTheSameAndNewKeysKeepExactTotalsAndTheSeriesBound() throws Exception {
    MutableClock clock = new MutableClock(NOON);
    RedSeriesStore store = new RedSeriesStore(RedSeriesConfig.defaults().withMaxSeries(50), clock);
    int threads = 4;
    int perThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    // Half the calls to one hot key, half spread over 100 keys per thread (400 >
                    // maxSeries).
                    SeriesKey key =
                        i % 2 == 0
                            ? SeriesKey.of("service", "hot")
                            : SeriesKey.of("service", "t" + thread + "-" + (i % 200));
                    long when =
                        NOON.toEpochMilli() - 1 - (i % 7_200) * 500L; // spread over the last hour
                    store.record(key, when, 1_000_000L * (1 + i % 3), i % 10 == 0);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    RedSummary total = store.summarize(k -> true, NOON.minus(Duration.ofHours(2)), NOON);
    long calls = (long) threads * perThread;
    assertThat(total.calls()).isEqualTo(calls);
    assertThat(total.errors()).isEqualTo(calls / 10);
    // Durations cycle 1, 2, 3 ms: per thread 20 000 calls = 6 666 full cycles (6 ms) + 1 ms + 2 ms.
    assertThat(total.sumMillis()).isEqualTo(threads * (6_666 * 6.0 + 3.0));
    assertThat(store.stats().series()).isEqualTo(51);
    assertThat(
            store
                .summarize(
                    k -> "hot".equals(k.get("service")), NOON.minus(Duration.ofHours(2)), NOON)
                .calls())
        .isEqualTo(calls / 2);
    RedSummary overflow =
        store.summarize(SeriesKey::isOverflow, NOON.minus(Duration.ofHours(2)), NOON);
    assertThat(overflow.calls()).isEqualTo(store.stats().overflowedObservations());
  }
}
