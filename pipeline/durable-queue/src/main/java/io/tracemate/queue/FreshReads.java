package io.tracemate.queue;

import io.tracemate.component.Batch;

/**
 * Hears where each acknowledged record stands on its way into the store's reads, for whoever serves reads of what
 * the store does not show yet (the span head). Every call must be quick and must not block: the first is on the
 * log's thread, before the client's acknowledgement.
 */
public interface FreshReads<B extends Batch> {

  /**
   * The record is durable; its client is acknowledged right after this returns. In sequence order.
   *
   * @param heapBytes the batch's estimated heap, as the queue weighed it
   */
  void durable(long sequence, B batch, long heapBytes);

  /**
   * Every record through {@code sequence} is in the store, or was dropped by the stage (the tail sampler): the
   * store shows it once it makes its writes visible ({@link io.tracemate.storage.SpanWriter#visibleBeforeNanos()}),
   * at the latest after its next flush. On the applier thread, after the store write returned; also while idle.
   */
  void stored(long sequence);

  /** Every record through {@code sequence} is visible in the store: a flush covered it. */
  void flushed(long sequence);
}
