package io.tracemate.storage.lucene;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a partition's file system has room for what the next Lucene flush writes. Lucene closes an IndexWriter
 * for good when writing a segment fails (a "tragic" event): one refresh on a full disk used to leave the partition
 * unwritable and its reader closed until the server restarted. So nothing that writes segment files starts without
 * room for them: twice what the writer buffers in memory (segments are smaller than their buffer), plus a reserve.
 * A write without room fails as retryable (the durable queue keeps the batch in its WAL and retries), a flush too,
 * and a refresh is skipped (readers keep their last view): all resume once space returns, and nothing is lost.
 */
final class DiskRoom {
  private static final Logger LOG = LoggerFactory.getLogger(DiskRoom.class);
  static final long RESERVE_BYTES = 8L << 20;
  private static final long WARN_EVERY_NANOS = 60_000_000_000L;

  private final FileStore store;
  private final Path path;
  private final LongSupplier buffered;
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

  /** @param buffered bytes the writer holds in memory, which its next flush writes */
  DiskRoom(Path path, LongSupplier buffered) throws IOException {
    this.store = Files.getFileStore(path);
    this.path = path;
    this.buffered = buffered;
  }

  /** Bytes that must be free before a flush may start. */
  long needed() {
    return RESERVE_BYTES + 2 * buffered.getAsLong();
  }

  boolean enough() throws IOException {
    return store.getUsableSpace() >= needed();
  }

  /** @throws IOException naming the shortfall when there is not enough room for {@code what} */
  void require(String what) throws IOException {
    long usable = store.getUsableSpace();
    long needed = needed();
    if (usable < needed) {
      throw new IOException(
          "not enough free space for "
              + what
              + " in "
              + path
              + ": "
              + usable
              + " bytes free, "
              + needed
              + " needed (twice the writer's buffer plus "
              + RESERVE_BYTES
              + "); it resumes once space is freed");
    }
  }

  /** Logs, at most once a minute, that a refresh was skipped for lack of room. */
  void warnSkippedRefresh() {
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
      LOG.warn(
          "Span store partition {}: not enough free space to make new spans searchable ({} bytes needed);"
              + " reads show what was searchable before until space is freed",
          path,
          needed());
    }
  }
}
