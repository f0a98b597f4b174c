package io.tracemate.alerting.notify;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waits for what happens on other threads. */
public final class Eventually {
  public static final Duration DEFAULT = Duration.ofSeconds(20);

  private Eventually() {}

  /** Waits up to {@link #DEFAULT} for {@code condition}; fails with {@code what} otherwise. */
  public static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEFAULT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what, e);
      }
    }
  }
}
