package io.tracemate.receivers;

/**
 * Each tenant's span ingest rate ({@code ingestion_rate_spans}, {@code ingestion_burst_spans} in the runtime
 * overrides file), or null for none: the default, as spans had no rate limit before. Asked once per request, so
 * implementations are thread-safe and a map lookup.
 */
@FunctionalInterface
public interface TenantSpanRates {
  /** The tenant's rate, or null when its spans are not rate limited. */
  SpanRate spanRate(String tenant);

  /**
   * @param perSecond spans a second, sustained
   * @param burst most spans taken at once (a request larger than this is always refused, as Loki's rate limit)
   */
  record SpanRate(long perSecond, long burst) {
    public SpanRate {
      if (perSecond <= 0) {
        throw new IllegalArgumentException(
            "ingestion_rate_spans must be positive, got " + perSecond);
      }
      if (burst <= 0) {
        throw new IllegalArgumentException("ingestion_burst_spans must be positive, got " + burst);
      }
    }
  }
}
