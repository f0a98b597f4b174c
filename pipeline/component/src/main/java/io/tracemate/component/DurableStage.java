package io.tracemate.component;

import java.util.List;

/**
 * A step after the durable queue, between its applier and the store: it sees every write-ahead-log record, live or
 * replayed, with its sequence, and returns what the store should get now. It may hold batches back (tail sampling
 * waits for a trace's decision) or drop them; what it holds is still in the write-ahead log, which the queue
 * truncates only below {@link #oldestHeldSequence()}, so after a crash the replay hands it to the next instance.
 *
 * <p>Called only by the queue's applier thread (and, before that starts, by its replay on the opening thread),
 * never concurrently.
 */
public interface DurableStage<B extends Batch> {

  /**
   * Takes the batch of write-ahead-log record {@code sequence} (increasing from call to call).
   *
   * @return what to store now, from this record or earlier ones (several batches when they belong to different
   *     tenants); empty for nothing
   */
  List<B> offer(long sequence, B batch);

  /**
   * Takes a replayed batch whose observations were already published (the Kafka ingester's RED deltas, committed with
   * the offsets before a crash or a rebalance): what only observes batches skips it, what holds or stores them takes
   * it as {@link #offer} does. By default the same as {@link #offer}.
   */
  default List<B> replay(long sequence, B batch) {
    return offer(sequence, batch);
  }

  /** Called at least every 100 ms, with or without traffic: returns what is due (empty for nothing). */
  List<B> tick();

  /** The lowest write-ahead-log sequence of what the stage still holds, or {@link Long#MAX_VALUE} when nothing. */
  long oldestHeldSequence();
}
