package io.tracemate.component;

import java.util.List;

/**
 * The stage after the durable queue: every batch, live or replayed, is first shown to the connectors (span
 * metrics, the service graph), then handed to the inner stage (tail sampling) when there is one, else stored as it
 * is. Single-threaded, as {@link DurableStage} promises.
 */
public final class ObservingStage<B extends Batch> implements DurableStage<B> {
  private final List<Connector<B>> connectors;
  private final DurableStage<B> inner; // null: everything goes to the store

  /** @param inner the stage after the connectors, or null */
  public ObservingStage(List<Connector<B>> connectors, DurableStage<B> inner) {
    this.connectors = List.copyOf(connectors);
    this.inner = inner;
  }

  @Override
  public List<B> offer(long sequence, B batch) {
    for (Connector<B> connector : connectors) {
      connector.observe(batch);
    }
    return inner == null ? List.of(batch) : inner.offer(sequence, batch);
  }

  /** The connectors skip it (they counted it before); the inner stage takes it as any batch. */
  @Override
  public List<B> replay(long sequence, B batch) {
    return inner == null ? List.of(batch) : inner.offer(sequence, batch);
  }

  @Override
  public List<B> tick() {
    for (Connector<B> connector : connectors) {
      connector.tick();
    }
    return inner == null ? List.of() : inner.tick();
  }

  @Override
  public long oldestHeldSequence() {
    return inner == null ? Long.MAX_VALUE : inner.oldestHeldSequence();
  }
}
