package io.tracemate.red;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Measures the estimated bytes per series under a realistic load (printed, and bounded so regressions fail). */
class RedSeriesMemoryTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private static long bytesAfter24Hours(double callsPerSecond) {
    MutableClock clock = new MutableClock(START);
    RedSeriesStore store = new RedSeriesStore(RedSeriesConfig.defaults(), clock);
    SeriesKey key =
        SeriesKey.of("service", "orders", "span_name", "GET /orders", "span_kind", "SERVER");
    SplittableRandom random = new SplittableRandom(42);
    long stepMillis = Math.round(1000 / callsPerSecond);
    long end = START.plus(Duration.ofHours(24)).toEpochMilli();
    for (long t = START.toEpochMilli(); t < end; t += stepMillis) {
      clock.set(Instant.ofEpochMilli(t));
      // Log-normal latency around 20 ms (sigma 0.6): the usual shape of an HTTP endpoint.
      double millis = 20 * Math.exp(0.6 * gaussian(random));
      store.record(key, t, (long) (millis * 1_000_000), false);
    }
    return store.stats().estimatedBytes();
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  @Test
  void bytesPerSeriesAfterADayOfTraffic() {
    long quiet = bytesAfter24Hours(0.2);
    long busy = bytesAfter24Hours(20);
    System.out.printf(
        "red-series bytes per series after 24h: 0.2 calls/s %d, 20 calls/s %d%n", quiet, busy);
    assertThat(quiet).isLessThan(45_000);
    assertThat(busy).isLessThan(150_000);
  }
}
