package io.tracemate.queue;

import io.tracemate.component.Batch;

/**
 * A batch as the payload of one write-ahead-log record, losslessly. Stateless; thread-safe.
 */
public interface PayloadCodec<B extends Batch> {

  /** Called on the receiver's thread, after the batch was admitted. */
  byte[] encode(B batch);

  /** @throws IllegalArgumentException when the payload is not one this codec wrote (the record is skipped) */
  B decode(byte[] payload);

  /**
   * What the queue holds of {@code batch} once {@link #encode} has made its payload, until the store (or the stage)
   * has it: the batch itself, or the same items without what only the encoding needed. A batch waits there for as
   * long as the store lags, so anything it pins (a receiver's whole request) multiplies by the queue's depth.
   */
  default B retained(B batch) {
    return batch;
  }
}
