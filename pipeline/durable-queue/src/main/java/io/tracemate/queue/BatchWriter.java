package io.tracemate.queue;

import io.tracemate.component.Batch;
import java.util.List;

/**
 * The store end of a durable queue. Called by one thread at a time (the queue's applier, or its replay before
 * that; {@link #flush} also from the flusher thread): implementations may buffer in {@link #write}, and
 * {@link #flush} makes everything written so far durable.
 */
public interface BatchWriter<B extends Batch> {

  /**
   * Writes the batches of write-ahead-log records up to {@code sequence}, in order. A writer that
   * {@link #keepsSequences() keeps sequences} gets exactly one record's batch per call, with that record's
   * sequence. The list is the queue's and is reused after the call returns: do not keep it.
   *
   * @throws RuntimeException when the store cannot take them now; the queue retries the same call (the records
   *     stay in the log)
   */
  void write(long sequence, List<B> batches);

  /** Makes every write so far durable. */
  void flush();

  /**
   * Whether the store remembers the highest sequence it made durable ({@link #persistedSequence()}) with its data:
   * then each record is written on its own and replay starts exactly above it (nothing is stored twice). Otherwise
   * records are merged into store-sized writes and replay starts above the log's own checkpoint (a record may be
   * stored twice, which the store must tolerate).
   */
  default boolean keepsSequences() {
    return false;
  }

  /** For a writer that keeps sequences: the highest sequence made durable, read back after a restart; 0 if none. */
  default long persistedSequence() {
    return 0;
  }
}
