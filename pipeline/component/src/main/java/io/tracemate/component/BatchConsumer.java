package io.tracemate.component;

import java.util.concurrent.CompletableFuture;

/**
 * Where a component hands batches of one signal: the only thing receivers, processors and the durable queue meet
 * through (the Collector's {@code consumer.Traces}, one generic interface instead of one per signal).
 *
 * <p>{@link #consume} never blocks the calling thread (receivers call it on an event loop). Its future completes
 * once the batch is durable, for consumers in front of the durable queue, or consumed, for those after it; only then
 * may a receiver acknowledge its client. It fails with a {@link Refusal} when the batch was refused (retryable or
 * permanent), and with any other exception when the consumer failed; nothing of a failed batch is to be counted as
 * stored. Implementations are thread-safe.
 *
 * @param <B> the signal's batch type
 */
@FunctionalInterface
public interface BatchConsumer<B extends Batch> extends Lifecycle {

  CompletableFuture<Void> consume(B batch);

  /**
   * Whether this consumer changes the batch it is given. Batches are immutable records here, so every consumer
   * of this code base answers false (a change makes a new batch); a fan-out to several consumers copies a batch only
   * for one that answers true, as the Collector's fan-out does.
   */
  default boolean mutatesData() {
    return false;
  }

  /**
   * Hands {@code batch} to {@code consumer} without ever throwing: a consumer that throws, or returns no future,
   * is treated as one whose future failed.
   */
  static <B extends Batch> CompletableFuture<Void> handOver(BatchConsumer<B> consumer, B batch) {
    try {
      CompletableFuture<Void> future = consumer.consume(batch);
      return future != null
          ? future
          : CompletableFuture.failedFuture(
              new IllegalStateException("the consumer returned no future"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
