/**
 * The write-ahead log: checksummed records ({@code length | crc32c | sequence | payload}) in size-bounded segment
 * files, appended by one writer thread with group commit, and a {@code checkpoint} file (replaced atomically) holding
 * the highest sequence the consumer has durably applied. Opening the log hands every intact record above the
 * checkpoint to a replay consumer and cuts a torn tail off; segments wholly below it are not read at all. The log
 * knows nothing of what its payloads mean: {@link io.tracemate.queue.DurableQueue} gives them meaning.
 */
package io.tracemate.queue.wal;
