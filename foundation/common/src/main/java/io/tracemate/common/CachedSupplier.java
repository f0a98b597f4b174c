package io.tracemate.common;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A value read from {@code source} at most once per {@code maxAge}: for gauges whose one scrape asks several
 * figures of a store that walks its files to answer (span store and log store statistics). The first call reads;
 * later calls within {@code maxAge} return what it read. Thread-safe: one caller reads while the others wait for
 * its answer.
 *
 * @param <T> the value
 */
public final class CachedSupplier<T> implements Supplier<T> {
  private final Supplier<T> source;
  private final long maxAgeNanos;
  private final LongSupplier nanoClock;
  private T last;
  private long readAtNanos;

  private CachedSupplier(Supplier<T> source, Duration maxAge, LongSupplier nanoClock) {
    this.source = Objects.requireNonNull(source, "source");
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    if (maxAgeNanos < 0) {
      throw new IllegalArgumentException("maxAge must not be negative, got " + maxAge);
    }
  }

  /** Reads {@code source} at most once per {@code maxAge}. */
  public static <T> CachedSupplier<T> of(Supplier<T> source, Duration maxAge) {
    return new CachedSupplier<>(source, maxAge, System::nanoTime);
  }

  /** The same on the given monotonic clock (nanoseconds), for tests. */
  public static <T> CachedSupplier<T> of(
      Supplier<T> source, Duration maxAge, LongSupplier nanoClock) {
    return new CachedSupplier<>(source, maxAge, nanoClock);
  }

  @Override
  public synchronized T get() {
    long now = nanoClock.getAsLong();
    if (last == null || now - readAtNanos > maxAgeNanos) {
      last = source.get();
      readAtNanos = now;
    }
    return last;
  }
}
