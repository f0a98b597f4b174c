package io.tracemate.component;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a {@link ProcessorChain} on every batch, on the caller's thread, and hands the result to the next consumer
 * (the durable queue), so that redaction and renaming happen before anything is written to disk. When no processor
 * changed a span batch, the same batch goes on, and with it the receiver's stored form. A processor that fails
 * fails the batch's future (the receiver answers 500); nothing is handed on. Thread-safe as the chain is.
 */
public final class ProcessingConsumer<B extends Batch> implements BatchConsumer<B> {
  private final ProcessorChain<B> chain;
  private final BatchConsumer<B> next;

  public ProcessingConsumer(ProcessorChain<B> chain, BatchConsumer<B> next) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.next = Objects.requireNonNull(next, "next");
  }

  @Override
  public CompletableFuture<Void> consume(B batch) {
    B processed;
    try {
      processed = chain.process(batch);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return next.consume(processed);
  }

  /** Never: processors return a new batch for any change. */
  @Override
  public boolean mutatesData() {
    return false;
  }

  @Override
  public void start() {
    chain.start();
  }

  @Override
  public void shutdown() {
    chain.shutdown();
  }
}
