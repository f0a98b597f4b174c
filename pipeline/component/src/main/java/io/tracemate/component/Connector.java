package io.tracemate.component;

/**
 * The end of one pipeline and the start of another (the Collector's connector): it consumes batches of one signal
 * and produces something else from them. Span metrics (spans → RED series) and the service graph (spans → edges)
 * are connectors. They observe in the durable queue's applier, after the write-ahead log and before tail sampling
 * ({@link ObservingStage}): a batch the log refused (and the client retries) is never counted twice, replayed
 * records are counted once more after a crash, and sampling never hides a span from them.
 *
 * <p>Called from the applier thread only, one batch at a time; {@link #observe} must not block.
 */
public interface Connector<B extends Batch> extends Lifecycle {

  void observe(B batch);

  /** Called at least every 100 ms, with or without traffic (the service graph expires half edges here). */
  default void tick() {}
}
