package io.tracemate.pipeline.sampling;

import java.util.function.LongSupplier;

/**
 * The collector's {@code rate_limiting}: a token bucket of spans that refills continuously at
 * {@code spans_per_second} and holds at most twice that (the collector's burst); a trace is sampled when the
 * bucket holds at least its span count, which is then taken. A trace larger than the burst never passes.
 * Not deterministic: a trace re-decided after a crash may get another answer.
 */
final class RateLimitingPolicy implements Policy {
  private final double spansPerNano;
  private final double capacity;
  private final LongSupplier nanoClock;
  private double tokens;
  private long lastRefillNanos;

  RateLimitingPolicy(long spansPerSecond, LongSupplier nanoClock) {
    this.spansPerNano = spansPerSecond / 1e9;
    this.capacity = 2.0 * spansPerSecond;
    this.nanoClock = nanoClock;
    this.tokens = capacity;
    this.lastRefillNanos = nanoClock.getAsLong();
  }

  @Override
  public Decision evaluate(DecodedTrace trace) {
    long now = nanoClock.getAsLong();
    tokens = Math.min(capacity, tokens + Math.max(0, now - lastRefillNanos) * spansPerNano);
    lastRefillNanos = now;
    int spans = trace.spanCount();
    if (tokens >= spans) {
      tokens -= spans;
      return Decision.SAMPLED;
    }
    return Decision.NOT_SAMPLED;
  }
}
