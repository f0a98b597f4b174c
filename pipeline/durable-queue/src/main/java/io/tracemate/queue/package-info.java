/**
 * One durable queue for every signal: the write-ahead log, the memory bound, the store applier, flush, replay and
 * truncation, written once ({@link io.tracemate.queue.DurableQueue}) and parameterised by what a signal plugs in
 * ({@link io.tracemate.queue.QueueBinding}): a {@link io.tracemate.queue.Weigher} (spans, or line bytes, and the
 * estimated heap of either), a
 * {@link io.tracemate.queue.PayloadCodec} (batch ↔ log record), a {@link io.tracemate.queue.BatchWriter} (the
 * store), an optional {@link io.tracemate.component.DurableStage} (connectors and tail sampling for spans) and an
 * optional on-durable listener (live tail for logs). The bindings of the two signals are in {@code spans} and
 * {@code logs}; the log itself is in {@code wal}.
 *
 * <h2>The rules a queue keeps</h2>
 * <ul>
 *   <li><b>Acknowledge only what is durable.</b> A batch's future completes after the fsync that covers its log
 *       record (group commit: one fsync for every append queued meanwhile).
 *   <li><b>Memory is bounded before it is spent.</b> Permits are taken before the append and given back when the
 *       store (or the stage) has the batch; without them the batch is refused as retryable. Two bounds: the
 *       signal's unit (spans, line bytes) and bytes of heap as the binding's weigher estimates them from the
 *       content ({@code max-queued-bytes}), since a count says nothing of how big each item is. What waits is only what
 *       the store needs ({@link io.tracemate.queue.PayloadCodec#retained}): a queue runs full whenever the store
 *       lags, so anything else a batch pinned (a receiver's parsed request) would be held once per queued batch.
 *   <li><b>Never lose a record the store has not made durable.</b> The log is truncated at each flush through the
 *       sequence the flush covers, never past a record the stage still holds; that sequence is the checkpoint a
 *       restart replays above.
 *   <li><b>Replay exactly, where the store can tell.</b> A writer that keeps sequences (the log store) gets one record
 *       per write and is replayed exactly above what it persisted; a writer that does not (the span store, which
 *       de-duplicates at read time) gets store-sized merged writes.
 *   <li><b>A failing store is retried, a failing stage bypassed</b>: either way the data stays in the log.
 * </ul>
 *
 * <h2>Threads</h2>
 * Receivers call {@code consume} on their event loops (it never blocks); the log's writer thread completes the
 * futures; one applier thread per queue writes the store and runs the stage; one flusher thread flushes.
 *
 * <h2>Metrics and settings</h2>
 * {@link io.tracemate.queue.QueueMetrics}: one family set for all queues with a {@code signal} label.
 * {@link io.tracemate.queue.QueueSettings}: one record per queue, under {@code ingest.traces} and
 * {@code ingest.logs} in the configuration.
 */
package io.tracemate.queue;
