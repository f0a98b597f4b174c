package io.tracemate.storage;

import java.time.Instant;

/**
 * One span store. Thread-safe: its parts may be used from many threads at once.
 * Closing it flushes what was written and releases files and connections.
 */
public interface StorageBackend extends AutoCloseable {

  SpanWriter spanWriter();

  TraceReader traceReader();

  DependencyReader dependencyReader();

  /**
   * Deletes data whose time partition ends before {@code cutoff}, whole partitions at a time, so that no
   * trace is ever returned partially deleted.
   *
   * @return how many partitions were dropped
   */
  int enforceRetention(Instant cutoff);

  /** Size and counts for monitoring; cheap enough to call on every metrics scrape. */
  StorageStats stats();

  @Override
  void close();
}
