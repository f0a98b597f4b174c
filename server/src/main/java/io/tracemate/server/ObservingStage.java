package io.tracemate.server;

import io.tracemate.ingest.StoreStage;
import io.tracemate.model.Span;
import java.util.List;
import java.util.function.Consumer;

/**
 * The stage between the WAL and the store: every span, live or replayed, is first shown to the observers (span
 * metrics, the service graph), then handed to the sampler when there is one. Observing here rather than in the
 * receivers means a batch the WAL refused (and the client retries) is never counted twice, and sampling can
 * never hide a span from RED or the topology. Single-threaded, as {@link StoreStage} promises.
 */
final class ObservingStage implements StoreStage {
  private final List<Consumer<List<Span>>> observers;
  private final Runnable onTick;
  private final StoreStage sampler; // null: everything goes to the store

  ObservingStage(List<Consumer<List<Span>>> observers, Runnable onTick, StoreStage sampler) {
    this.observers = List.copyOf(observers);
    this.onTick = onTick;
    this.sampler = sampler;
  }

  @Override
  public List<Span> offer(long sequence, List<Span> spans) {
    for (Consumer<List<Span>> observer : observers) {
      observer.accept(spans);
    }
    return sampler == null ? spans : sampler.offer(sequence, spans);
  }

  @Override
  public List<Span> tick() {
    onTick.run();
    return sampler == null ? List.of() : sampler.tick();
  }

  @Override
  public long oldestBufferedSequence() {
    return sampler == null ? Long.MAX_VALUE : sampler.oldestBufferedSequence();
  }
}
