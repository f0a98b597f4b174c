package io.tracemate.logs;

import io.tracemate.logs.model.LogStream;
import java.util.List;

/**
 * Writes log streams. Called by one thread at a time (the ingest applier); {@code write} may buffer, and
 * {@link #flush} makes everything written so far durable.
 *
 * <p>Replay contract: each write carries the sequence number of the write-ahead-log record it came from
 * (increasing). After {@code flush} returns, {@link #persistedSequence()} is at least the highest sequence
 * written before it, and survives a restart, so the ingest path replays only WAL records above it: entries are
 * stored exactly once without the store having to compare lines.
 */
public interface LogWriter {

  /**
   * @param walSequence the WAL record these streams came from; 0 when there is no WAL (tests, bulk loads)
   * @throws LogStorageException when the store cannot take them (the caller keeps them and retries)
   */
  void write(long walSequence, String tenant, List<LogStream> streams);

  /** Makes every write so far durable and visible to readers. */
  void flush();

  /** The highest WAL sequence made durable by a {@link #flush}, read back from disk after a restart; 0 if none. */
  long persistedSequence();
}
