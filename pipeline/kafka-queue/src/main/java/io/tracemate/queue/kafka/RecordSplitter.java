package io.tracemate.queue.kafka;

import io.tracemate.component.Batch;
import java.util.function.BiConsumer;

/**
 * How a signal's batch becomes Kafka records: the parts that must stay together, each with its key, so that Kafka's
 * partitioner puts them where their consumer needs them (every span of a trace in one partition, where one
 * ingester's tail sampler and service graph see the whole trace; every line of a stream in one partition, in
 * order). Stateless.
 */
public interface RecordSplitter<B extends Batch> {

  /** Calls {@code record} once per part of {@code batch}, with the part's key; parts are never empty. */
  void split(B batch, BiConsumer<byte[], B> record);
}
