package io.tracemate.ingest.logs;

import java.time.Duration;

/**
 * @param maxQueuedBytes line bytes accepted (durable in the WAL) but not yet in the log store; beyond it new
 *     pushes are refused with a retry hint instead of growing memory
 * @param storeBatchBytes most line bytes handed to the store in one write
 * @param flushInterval how often the store is flushed, after which the WAL segments it covers are deleted
 * @param retryAfter the delay suggested to refused clients
 */
public record LogIngestConfig(long maxQueuedBytes, long storeBatchBytes, Duration flushInterval,
    Duration retryAfter) {

  public static final LogIngestConfig DEFAULTS =
      new LogIngestConfig(256L << 20, 8L << 20, Duration.ofSeconds(10), Duration.ofSeconds(1));

  public LogIngestConfig {
    if (maxQueuedBytes < 1) {
      throw new IllegalArgumentException("logs.ingest.max_queued_bytes must be positive, got " + maxQueuedBytes);
    }
    if (storeBatchBytes < 1) {
      throw new IllegalArgumentException("logs.ingest.store_batch_bytes must be positive, got " + storeBatchBytes);
    }
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("logs.ingest.flush_interval must be positive");
    }
  }
}
