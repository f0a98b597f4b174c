package io.tracemate.demo;

import io.opentelemetry.sdk.common.Clock;

/**
 * The SDK clock of every simulated service: while a trace is being emitted it reports the
 * simulated instant of the current step, otherwise the real time.
 *
 * <p>Span start and end are always passed explicitly; this clock exists for the SDK calls that
 * take no timestamp ({@code recordException}), so that an exception event lands inside its span
 * rather than at the moment the generator happened to run. {@link #nanoTime()} returns the same
 * simulated epoch value, which keeps the SDK's per-trace anchored clock consistent.
 *
 * <p>Thread-safe: the simulated instant is per thread.
 */
final class SimulatedClock implements Clock {

  private static final long UNSET = Long.MIN_VALUE;

  private final ThreadLocal<long[]> simulatedEpochNanos =
      ThreadLocal.withInitial(() -> new long[] {UNSET});

  /** Sets the simulated instant of the calling thread. */
  void set(long epochNanos) {
    simulatedEpochNanos.get()[0] = epochNanos;
  }

  /** Back to real time for the calling thread. */
  void clear() {
    simulatedEpochNanos.get()[0] = UNSET;
  }

  @Override
  public long now() {
    long simulated = simulatedEpochNanos.get()[0];
    return simulated != UNSET ? simulated : Clock.getDefault().now();
  }

  @Override
  public long nanoTime() {
    long simulated = simulatedEpochNanos.get()[0];
    return simulated != UNSET ? simulated : System.nanoTime();
  }
}
