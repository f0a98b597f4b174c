package io.tracemate.queue;

import io.tracemate.component.Batch;
import io.tracemate.component.DurableStage;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What one signal plugs into a {@link DurableQueue}.
 *
 * @param signal {@code traces} or {@code logs}: the metrics' {@code signal} label, thread names, log lines
 * @param weigher what a batch costs the memory bound
 * @param codec batch ↔ log record payload
 * @param writer the store
 * @param stage between the applier and the store (connectors, tail sampling), or null
 * @param onDurable told about every batch once it is durable, on the log's thread (live tail), or null; must not
 *     block
 * @param freshReads told where each record stands between its acknowledgement and the store's reads (the span
 *     head), or null
 */
public record QueueBinding<B extends Batch>(
    String signal,
    Weigher<B> weigher,
    PayloadCodec<B> codec,
    BatchWriter<B> writer,
    DurableStage<B> stage,
    Consumer<B> onDurable,
    FreshReads<B> freshReads) {

  public QueueBinding {
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(weigher, "weigher");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(writer, "writer");
  }

  public QueueBinding<B> withStage(DurableStage<B> newStage) {
    return new QueueBinding<>(signal, weigher, codec, writer, newStage, onDurable, freshReads);
  }

  public QueueBinding<B> withOnDurable(Consumer<B> listener) {
    return new QueueBinding<>(signal, weigher, codec, writer, stage, listener, freshReads);
  }

  public QueueBinding<B> withFreshReads(FreshReads<B> listener) {
    return new QueueBinding<>(signal, weigher, codec, writer, stage, onDurable, listener);
  }
}
