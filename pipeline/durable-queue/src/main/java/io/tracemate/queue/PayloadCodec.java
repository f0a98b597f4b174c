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
}
