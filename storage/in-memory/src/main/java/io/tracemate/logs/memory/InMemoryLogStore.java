package io.tracemate.logs.memory;

import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.LogStore;
import io.tracemate.logs.LogStoreStats;
import io.tracemate.logs.LogWriter;
import io.tracemate.logs.model.LogStream;
import java.util.List;

/**
 * The reference log store: streams in the heap, scanned whole, nothing on disk. It passes the log store contract
 * suite (all but what needs data to outlive {@link #close()}), and tests of the LogQL engine and the Loki API run
 * on it instead of hand-written fakes. Not for production: memory grows with what is written until retention or
 * {@link #clear()} removes it.
 *
 * <p>The store is its own {@link LogWriter}: a write is visible to readers at once, and {@link #flush()} only
 * advances {@link #persistedSequence()} to the highest WAL sequence written, which lasts as long as the store.
 * Retention removes entries one by one (there are no partitions to drop whole), each before its tenant's cutoff.
 *
 * <p>Thread-safe: one lock guards the streams, and readers work on copies.
 */
public final class InMemoryLogStore implements LogStore, LogWriter {
  private final LogTable table = new LogTable();
  private final LogReader reader = new InMemoryLogReader(table);

  @Override
  public LogWriter writer() {
    return this;
  }

  @Override
  public void write(long walSequence, String tenant, List<LogStream> streams) {
    table.write(walSequence, tenant, streams);
  }

  @Override
  public void flush() {
    table.flush();
  }

  @Override
  public long persistedSequence() {
    return table.persistedSequence();
  }

  @Override
  public LogReader reader() {
    return reader;
  }

  @Override
  public long enforceRetention(RetentionPolicy policy) {
    return table.removeBefore(policy);
  }

  @Override
  public LogStoreStats stats() {
    return table.stats();
  }

  /** Forgets every stream and sequence (tests that share one store between cases start each from empty). */
  public void clear() {
    table.clear();
  }

  /** Forgets everything; the store cannot be used afterwards. */
  @Override
  public void close() {
    table.close();
  }
}
