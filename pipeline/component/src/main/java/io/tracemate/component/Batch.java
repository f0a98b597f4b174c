package io.tracemate.component;

/**
 * A batch of one signal as it travels the pipeline: what receivers hand on, processors transform, the durable
 * queue logs and stores write. One record per signal ({@link SpanBatch}, {@link LogBatch}); the set is closed so
 * that generic components (the processor chain, the durable queue) can count any batch without knowing its signal.
 *
 * <p>Batches are immutable values and are never copied along the way: a component that changes one returns a new
 * batch (see {@link Processor}), which is why a fan-out needs no defensive copies (see
 * {@link BatchConsumer#mutatesData()}).
 */
public sealed interface Batch permits SpanBatch, LogBatch {

  /** The items the batch holds: spans, or log lines. */
  int items();

  default boolean isEmpty() {
    return items() == 0;
  }
}
