package io.tracemate.queue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of one durable queue, as the YAML tree holds them under {@code ingest.traces} and
 * {@code ingest.logs}. A key left out takes the signal's default ({@link #TRACES}, {@link #LOGS}), filled in by
 * {@link #orDefaults}; the values given are checked here, so an error names the key.
 *
 * @param maxQueued what may be acknowledged (durable in the log) but not yet in the store, in the signal's unit:
 *     spans for traces, line bytes for logs; beyond it batches are refused with a retry hint instead of growing memory
 * @param storeBatch most handed to the store in one write, in the same unit (the log store writes one record at a
 *     time regardless, to keep its sequence exact)
 * @param flushInterval how often the store is made durable, after which the log segments it covers are deleted
 * @param walSegmentBytes a log segment file is closed and a new one begun past this size
 * @param maxQueuedBytes the heap what is acknowledged but not yet in the store may hold, estimated per batch by the
 *     signal's {@link Weigher#heapBytes}: the bound that holds whatever the batches carry (a count of spans does not
 *     bound a span's size); beyond it batches are refused with a retry hint, as for {@code maxQueued}
 */
public record QueueSettings(
    @JsonProperty("max-queued") Long maxQueued,
    @JsonProperty("store-batch") Long storeBatch,
    @JsonProperty("flush-interval") Duration flushInterval,
    @JsonProperty("wal-segment-bytes") Long walSegmentBytes,
    @JsonProperty("max-queued-bytes") Long maxQueuedBytes) {

  private static final long MIB = 1L << 20;

  /**
   * Spans: 200000 queued and 512 MiB of their estimated heap (200,000 SDK-like spans, whose strings the estimate
   * takes at two bytes a character), 5000 per store write, flushed every 10 s, 64 MiB segments.
   */
  public static final QueueSettings TRACES =
      new QueueSettings(200_000L, 5_000L, Duration.ofSeconds(10), 64 * MIB, 512 * MIB);

  /**
   * Log lines: 256 MiB of line bytes queued and 256 MiB of their heap, 8 MiB per store write, flushed every 10 s,
   * 64 MiB segments.
   */
  public static final QueueSettings LOGS =
      new QueueSettings(256 * MIB, 8 * MIB, Duration.ofSeconds(10), 64 * MIB, 256 * MIB);

  public QueueSettings {
    if (maxQueued != null && maxQueued < 1) {
      throw new IllegalArgumentException("max-queued must be at least 1, got " + maxQueued);
    }
    if (storeBatch != null && storeBatch < 1) {
      throw new IllegalArgumentException("store-batch must be at least 1, got " + storeBatch);
    }
    if (flushInterval != null && (flushInterval.isNegative() || flushInterval.isZero())) {
      throw new IllegalArgumentException("flush-interval must be positive, got " + flushInterval);
    }
    if (walSegmentBytes != null && walSegmentBytes < 4096) {
      throw new IllegalArgumentException(
          "wal-segment-bytes must be at least 4096 (4KiB), got " + walSegmentBytes);
    }
    if (maxQueuedBytes != null && maxQueuedBytes < 1024) {
      throw new IllegalArgumentException(
          "max-queued-bytes must be at least 1024 (1KiB), got " + maxQueuedBytes);
    }
  }

  /** Every key left out taken from {@code defaults}. */
  public QueueSettings orDefaults(QueueSettings defaults) {
    return new QueueSettings(
        maxQueued == null ? defaults.maxQueued : maxQueued,
        storeBatch == null ? defaults.storeBatch : storeBatch,
        flushInterval == null ? defaults.flushInterval : flushInterval,
        walSegmentBytes == null ? defaults.walSegmentBytes : walSegmentBytes,
        maxQueuedBytes == null ? defaults.maxQueuedBytes : maxQueuedBytes);
  }

  /** The same with another flush interval (tests, benchmarks). */
  public QueueSettings withFlushInterval(Duration interval) {
    return new QueueSettings(maxQueued, storeBatch, interval, walSegmentBytes, maxQueuedBytes);
  }

  /** The same with another bound on what is queued. */
  public QueueSettings withMaxQueued(long max) {
    return new QueueSettings(max, storeBatch, flushInterval, walSegmentBytes, maxQueuedBytes);
  }

  /** The same with another bound on the heap of what is queued. */
  public QueueSettings withMaxQueuedBytes(long max) {
    return new QueueSettings(maxQueued, storeBatch, flushInterval, walSegmentBytes, max);
  }

  /** @throws NullPointerException naming the key that has no value */
  QueueSettings requireComplete() {
    Objects.requireNonNull(maxQueued, "max-queued");
    Objects.requireNonNull(storeBatch, "store-batch");
    Objects.requireNonNull(flushInterval, "flush-interval");
    Objects.requireNonNull(walSegmentBytes, "wal-segment-bytes");
    Objects.requireNonNull(maxQueuedBytes, "max-queued-bytes");
    return this;
  }
}
