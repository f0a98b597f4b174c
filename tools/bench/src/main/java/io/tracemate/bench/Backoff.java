package io.tracemate.bench;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a bench waits before resending a throttled request when the server said nothing: exponential from
 * ~100 ms with jitter (half the step fixed, half random), so that many connections do not retry in step.
 * Thread-safe.
 */
final class Backoff {
  private Backoff() {}

  /** ~100 ms, 200 ms, 400 ms, ... for attempts 1, 2, 3, ..., at most {@code capMillis}. */
  static Duration jittered(int attempt, long capMillis) {
    long base = Math.min(capMillis, 100L << Math.min(attempt - 1, 6));
    return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
  }
}
