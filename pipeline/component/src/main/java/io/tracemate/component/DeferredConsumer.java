package io.tracemate.component;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A consumer that exists before the one it forwards to: a receiver that must be bound early (Loki push lives on
 * the HTTP port, which comes up before the log write-ahead log is replayed) refuses batches with a retry hint until
 * {@link #open} is called, rather than racing the replay. Thread-safe.
 */
public final class DeferredConsumer<B extends Batch> implements BatchConsumer<B> {
  private final String notYet;
  private final Duration retryAfter;
  private volatile BatchConsumer<B> delegate;

  /**
   * @param notYet why batches are refused until {@link #open}, for the client ("the log write-ahead log is being
   *     replayed")
   * @param retryAfter the delay to suggest meanwhile
   */
  public DeferredConsumer(String notYet, Duration retryAfter) {
    this.notYet = notYet;
    this.retryAfter = retryAfter;
  }

  /** From now on every batch goes to {@code consumer}. */
  public void open(BatchConsumer<B> consumer) {
    this.delegate = consumer;
  }

  @Override
  public CompletableFuture<Void> consume(B batch) {
    BatchConsumer<B> consumer = delegate;
    if (consumer == null) {
      return CompletableFuture.failedFuture(
          Refusal.unavailable("server is starting: " + notYet, retryAfter));
    }
    return consumer.consume(batch);
  }
}
