package io.tracemate.logs;

import java.time.Instant;

/**
 * A log storage backend: the embedded default or a distributed engine. Every backend passes the same contract
 * suite.
 */
public interface LogStore extends AutoCloseable {

  LogWriter writer();

  LogReader reader();

  /** Deletes whatever lies entirely before {@code cutoff}; returns how many entries went. */
  long enforceRetention(Instant cutoff);

  LogStoreStats stats();

  /** Flushes and releases files. */
  @Override
  void close();
}
