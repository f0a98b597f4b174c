package io.tracemate.bench;

/** Sends encoded batches over one protocol. Implementations are thread-safe and blocking. */
interface BatchSender {

  /** One attempt; never throws for server or network errors, which become {@link Attempt}s. */
  Attempt send(EncodedBatch batch);
}
