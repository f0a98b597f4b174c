package io.tracemate.storage.opensearch.logs;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.logs.LogStorageException;
import io.tracemate.logs.LogWriter;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import io.tracemate.storage.StorageException;
import io.tracemate.storage.opensearch.BulkIndexer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns log streams into bulk index operations, one document per entry in the daily index of its timestamp, and
 * keeps the persisted WAL sequence ({@link SequenceFile}). Exactly once on replay comes from the document IDs (see
 * {@link LogDocuments}); the sequence only spares the replay of what is known to be stored.
 *
 * <p>Called by one thread at a time, as {@link LogWriter} says.
 */
final class OpenSearchLogWriter implements LogWriter {
  private final LogIndexLayout layout;
  private final BulkIndexer indexer;
  private final Duration flushTimeout;
  private final Runnable beforeWrite;
  private final SequenceFile sequenceFile;
  private long persisted;
  private long written;

  /** Positions of writes without a WAL sequence: ties among them keep arrival order within this process. */
  private long unsequencedPosition;

  OpenSearchLogWriter(
      LogIndexLayout layout,
      BulkIndexer indexer,
      Duration flushTimeout,
      Runnable beforeWrite,
      SequenceFile sequenceFile) {
    this.layout = layout;
    this.indexer = indexer;
    this.flushTimeout = flushTimeout;
    this.beforeWrite = beforeWrite;
    this.sequenceFile = sequenceFile;
    this.persisted = sequenceFile.read();
    this.written = persisted;
  }

  @Override
  public void write(long walSequence, String tenant, List<LogStream> streams) {
    TenantId tenantId = new TenantId(tenant);
    List<BulkIndexer.Item> items = new ArrayList<>();
    long position = walSequence > 0 ? 0 : unsequencedPosition;
    for (LogStream stream : streams) {
      String fingerprint = LogDocuments.fingerprint(tenantId, stream.labels());
      for (LogEntry entry : stream.entries()) {
        items.add(
            BulkIndexer.Item.index(
                layout.index(LogIndexLayout.dayOfNanos(entry.timestampNanos())),
                LogDocuments.documentId(fingerprint, entry),
                LogDocuments.source(
                    tenantId, fingerprint, stream.labels(), entry, walSequence, position++)));
      }
    }
    if (!items.isEmpty()) {
      try {
        beforeWrite.run();
        indexer.add(items);
      } catch (StorageException e) {
        throw new LogStorageException(e.getMessage(), e.retryable(), e);
      }
    }
    if (walSequence > 0) {
      written = Math.max(written, walSequence);
    } else {
      unsequencedPosition = position;
    }
  }

  @Override
  public void flush() {
    try {
      indexer.flush(flushTimeout);
    } catch (StorageException e) {
      throw new LogStorageException(e.getMessage(), e.retryable(), e);
    }
    if (written > persisted) {
      sequenceFile.write(written);
      persisted = written;
    }
  }

  @Override
  public long persistedSequence() {
    return persisted;
  }
}
