package io.tracemate.ingest;

import java.time.Duration;

/**
 * @param maxQueuedSpans spans accepted (durable in the WAL) but not yet written to the store; beyond it,
 *     new requests are refused with a retry hint instead of growing memory
 * @param storeBatchSpans most spans handed to the store in one write
 * @param flushInterval how often the store is flushed, after which the WAL segments it covers are deleted
 * @param retryAfter the delay suggested to clients that were refused
 */
public record IngestConfig(int maxQueuedSpans, int storeBatchSpans, Duration flushInterval, Duration retryAfter) {

  public static final IngestConfig DEFAULTS =
      new IngestConfig(200_000, 5_000, Duration.ofSeconds(10), Duration.ofSeconds(1));

  public IngestConfig {
    if (maxQueuedSpans < 1) {
      throw new IllegalArgumentException("ingest.max-queued-spans must be at least 1, got " + maxQueuedSpans);
    }
    if (storeBatchSpans < 1) {
      throw new IllegalArgumentException("ingest.store-batch-spans must be at least 1, got " + storeBatchSpans);
    }
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("ingest.flush-interval must be positive");
    }
  }
}
