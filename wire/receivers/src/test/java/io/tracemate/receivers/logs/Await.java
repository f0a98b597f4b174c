package io.tracemate.receivers.logs;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for asynchronous clients (batching appenders and exporters). */
final class Await {
  private Await() {}

  /** Polls every 20 ms for at most {@code timeout}; returns whether the condition became true. */
  static boolean until(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }
}
