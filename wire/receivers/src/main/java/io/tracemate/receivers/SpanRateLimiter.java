package io.tracemate.receivers;

import io.tracemate.component.BatchConsumer;
import io.tracemate.component.Refusal;
import io.tracemate.component.SpanBatch;
import io.tracemate.receivers.logs.TokenBucket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The per-tenant span ingest rate, in front of the consumer every span receiver (OTLP gRPC and HTTP, Zipkin) hands
 * its batches to: a tenant over its {@code ingestion_rate_spans} gets the batch refused as rate limited, which the
 * receivers answer as they answer the log side's limit (OTLP: 429 / RESOURCE_EXHAUSTED with a retry delay; HTTP:
 * {@code Retry-After}); nothing of the request is stored, so a retry duplicates nothing.
 *
 * <p>The tenant is the batch's, which the receiver took from the request as the server's access decorator
 * authorized it.
 *
 * <p>Hot path: per request, the tenant and one map lookup in the overrides; a tenant with a rate adds one map
 * lookup for its bucket and the bucket's lock. Buckets exist only for tenants the overrides file gives a rate (so
 * their number is bounded by the file), and one is remade when its tenant's rate changes. Thread-safe.
 */
public final class SpanRateLimiter implements BatchConsumer<SpanBatch> {
  private final BatchConsumer<SpanBatch> next;
  private final TenantSpanRates rates;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private record Bucket(TokenBucket bucket, TenantSpanRates.SpanRate rate) {}

  public SpanRateLimiter(BatchConsumer<SpanBatch> next, TenantSpanRates rates) {
    this(next, rates, System::nanoTime);
  }

  SpanRateLimiter(BatchConsumer<SpanBatch> next, TenantSpanRates rates, LongSupplier nanoClock) {
    this.next = next;
    this.rates = rates;
    this.nanoClock = nanoClock;
  }

  @Override
  public CompletableFuture<Void> consume(SpanBatch batch) {
    String tenant = batch.tenant().value();
    TenantSpanRates.SpanRate rate = rates.spanRate(tenant);
    if (rate != null) {
      long now = nanoClock.getAsLong();
      TokenBucket bucket = bucket(tenant, rate, now);
      int spans = batch.items();
      if (!bucket.tryTake(spans, now)) {
        return CompletableFuture.failedFuture(
            Refusal.rateLimited(
                "Ingestion rate limit exceeded for user "
                    + tenant
                    + " (limit: "
                    + rate.perSecond()
                    + " spans/sec, burst "
                    + rate.burst()
                    + ") while attempting to ingest '"
                    + spans
                    + "' spans, reduce span volume or ask for a higher limit (ingestion_rate_spans)",
                Duration.ofSeconds(bucket.secondsUntil(spans, now))));
      }
    }
    return next.consume(batch);
  }

  @Override
  public boolean mutatesData() {
    return next.mutatesData();
  }

  private TokenBucket bucket(String tenant, TenantSpanRates.SpanRate rate, long now) {
    Bucket held = buckets.get(tenant);
    if (held != null && held.rate().equals(rate)) {
      return held.bucket();
    }
    return buckets
        .compute(
            tenant,
            (unused, existing) ->
                existing != null && existing.rate().equals(rate)
                    ? existing
                    : new Bucket(new TokenBucket(rate.perSecond(), rate.burst(), now), rate))
        .bucket();
  }
}
