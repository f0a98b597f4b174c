package io.tracemate.receivers.logs;

/**
 * A token bucket over bytes: {@code rate} tokens a second, at most {@code burst} banked. Time comes from the
 * caller (nanoseconds on any monotonic-enough scale), so tests drive it. Used by the log limits and the span
 * rate limit ({@link io.tracemate.receivers.SpanRateLimiter}). Thread-safe (synchronized).
 */
public final class TokenBucket {
  private final double ratePerNano;
  private final double rate;
  private final double burst;
  private double tokens;
  private long lastNanos;

  public TokenBucket(double ratePerSecond, double burst, long nowNanos) {
    this.rate = ratePerSecond;
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /** Takes {@code amount} tokens if they are all there; takes nothing otherwise. */
  public synchronized boolean tryTake(long amount, long nowNanos) {
    refill(nowNanos);
    if (amount <= tokens) {
      tokens -= amount;
      return true;
    }
    return false;
  }

  /**
   * Seconds until {@code amount} tokens could be there (at least 1); an amount over the burst can never fit, and
   * is given the time to refill the whole bucket.
   */
  public synchronized long secondsUntil(long amount, long nowNanos) {
    refill(nowNanos);
    double missing = Math.min(amount, burst) - tokens;
    return Math.max(1, (long) Math.ceil(missing / rate));
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * ratePerNano);
      lastNanos = nowNanos;
    }
  }
}
