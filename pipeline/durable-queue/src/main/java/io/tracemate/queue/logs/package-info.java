/**
 * Log lines in the durable queue ({@link io.tracemate.queue.logs.LogQueueBinding}): weighed by line bytes (one
 * permit per KiB, so a bound of gigabytes fits a semaphore); logged with {@code LogWalCodec}, a compact
 * length-prefixed layout of one {@link io.tracemate.component.LogBatch}; written to the log store one record at a
 * time with its sequence, which the store persists together with its data. A restart replays exactly the records
 * above that sequence: no line is stored twice, none is lost, and no stage may hold records back.
 */
package io.tracemate.queue.logs;
