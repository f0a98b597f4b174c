package io.tracemate.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedSupplierTest {
  @Test
  void readsTheSourceAtMostOncePerMaxAge() {
    AtomicLong clock = new AtomicLong(1_000);
    AtomicInteger reads = new AtomicInteger();
    CachedSupplier<Integer> stats =
        CachedSupplier.of(reads::incrementAndGet, Duration.ofSeconds(1), clock::get);

    assertThat(stats.get()).isEqualTo(1);
    clock.addAndGet(999_999_999L);
    assertThat(stats.get()).as("within a second: the same reading").isEqualTo(1);
    clock.addAndGet(2);
    assertThat(stats.get()).as("a second later: read again").isEqualTo(2);
    assertThat(stats.get()).isEqualTo(2);
    assertThat(reads).hasValue(2);
  }
}
