package io.tracemate.logs.store;

import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.logs.LogStorageException;
import io.tracemate.logs.LogWriter;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.function.Consumer;

/**
 * The write side: routes entries to per-partition head blocks, cuts heads into chunks at the target size or
 * age, and commits at {@link #flush}: chunk files and the head journal are fsynced, then the state file is
 * replaced atomically with the new lengths and persisted sequence. Serialized by one lock (the ingest applier
 * writes; a periodic flusher, retention and close come from other threads). A write that fails part-way is
 * resumed, not repeated, when retried with the same WAL sequence. Do not interrupt a thread inside
 * write/flush: an interrupted FileChannel operation closes the channel, and writes fail until reopening.
 */
final class StoreWriter implements LogWriter, AutoCloseable {
  private final Object lock = new Object();

  /** Serializes retention runs; the bulk of a run's rewrites happens outside {@link #lock}. */
  private final Object retentionLock = new Object();

  private final Path dir;
  private final EmbeddedLogStoreConfig config;
  private final long partitionNanos;
  private final Clock clock;
  private final ConcurrentNavigableMap<Long, Partition> partitions;
  private final StreamRegistry registry;
  private final ChunkCodec codec;
  private final List<Cut> cutsSinceFlush = new ArrayList<>();
  private final ByteSink journalRecords = new ByteSink(1 << 20);
  private HeadJournal journal;
  private long lastRotationBytes;
  private long writtenSequence;
  private volatile long persistedSequence;
  private long retentionCutoffNanos;
  private TenantCutoffs tenantCutoffs;
  private boolean dirty;

  /** Sees each step of a partition rewrite (crash tests copy the directory there); nothing by default. */
  private volatile Consumer<String> rewriteSteps = step -> {};

  private boolean closed;

  private record Cut(long partitionStart, StreamKey stream) {}

  /** Where a failed write stopped: the next stream, and the next entry of it, still to apply. */
  private record Progress(long sequence, String tenant, int streamCount, int stream, int entry) {}

  private Progress failed;

  StoreWriter(
      Path dir,
      EmbeddedLogStoreConfig config,
      long partitionNanos,
      Clock clock,
      ConcurrentNavigableMap<Long, Partition> partitions,
      StreamRegistry registry,
      HeadJournal journal,
      long persistedSequence,
      long retentionCutoffNanos,
      TenantCutoffs tenantCutoffs) {
    this.dir = dir;
    this.config = config;
    this.partitionNanos = partitionNanos;
    this.clock = clock;
    this.partitions = partitions;
    this.registry = registry;
    this.codec = new ChunkCodec(config.compressionLevel());
    this.journal = journal;
    this.writtenSequence = persistedSequence;
    this.persistedSequence = persistedSequence;
    this.retentionCutoffNanos = retentionCutoffNanos;
    this.tenantCutoffs = tenantCutoffs;
  }

  @Override
  public void write(long walSequence, String tenant, List<LogStream> streams) {
    synchronized (lock) {
      ensureOpen();
      long now = clock.millis();
      // A retry of a write that failed part-way (disk full, say) resumes where it stopped: nothing
      // twice.
      int firstStream = 0;
      int firstEntry = 0;
      if (failed != null
          && walSequence != 0
          && failed.sequence() == walSequence
          && failed.tenant().equals(tenant)
          && failed.streamCount() == streams.size()) {
        firstStream = failed.stream();
        firstEntry = failed.entry();
      }
      failed = null;
      // Entries of a partition retention already expired for this tenant are not kept.
      long tenantCutoff = Math.max(retentionCutoffNanos, tenantCutoffs.cutoffFor(tenant));
      for (int s = firstStream; s < streams.size(); s++) {
        LogStream stream = streams.get(s);
        StreamKey key = new StreamKey(tenant, stream.labels());
        long globalId = registry.idOf(key);
        Partition partition = null;
        PartitionStream target = null;
        List<PartitionStream> touched = new ArrayList<>(1);
        List<Partition> touchedPartitions = new ArrayList<>(1);
        List<LogEntry> entries = stream.entries();
        int next = s == firstStream ? firstEntry : 0;
        try {
          for (; next < entries.size(); next++) {
            LogEntry entry = entries.get(next);
            long start = partitionStart(entry.timestampNanos());
            if (start + partitionNanos <= tenantCutoff) {
              continue;
            }
            if (partition == null || partition.startNanos != start) {
              partition = partitionForWrite(start);
              target = partition.streamForWrite(key, globalId);
              if (!touched.contains(target)) {
                touched.add(target);
                touchedPartitions.add(partition);
              }
            }
            target.append(entry, now);
            dirty = true;
          }
        } catch (RuntimeException e) {
          failed = new Progress(walSequence, tenant, streams.size(), s, next);
          throw e;
        } finally {
          touched.forEach(PartitionStream::publish);
        }
        for (int i = 0; i < touched.size(); i++) {
          PartitionStream head = touched.get(i);
          if (head.headLineBytes() >= config.chunkTargetBytes()) {
            try {
              cut(touchedPartitions.get(i), head);
            } catch (RuntimeException e) {
              // The entries are in the head, which the next write or flush cuts again.
              failed = new Progress(walSequence, tenant, streams.size(), s + 1, 0);
              throw e;
            }
          }
        }
      }
      writtenSequence = Math.max(writtenSequence, walSequence);
      // Even a write without entries moves the sequence the next flush must persist.
      dirty = true;
    }
  }

  long partitionStart(long timestampNanos) {
    return Math.floorDiv(timestampNanos, partitionNanos) * partitionNanos;
  }

  private Partition partitionForWrite(long start) {
    Partition partition = partitions.get(start);
    if (partition == null) {
      try {
        partition =
            Partition.open(
                dir.resolve(Partition.dirName(start)),
                start,
                start + partitionNanos,
                0,
                0,
                registry::idOf);
      } catch (IOException e) {
        throw new LogStorageException(
            "cannot create partition "
                + Partition.dirName(start)
                + " in "
                + dir
                + ": "
                + e.getMessage(),
            true,
            e);
      }
      partitions.put(start, partition);
    }
    return partition;
  }

  private void cut(Partition partition, PartitionStream stream) {
    LogEntry[] entries = stream.sortedHead();
    long minTs = entries[0].timestampNanos();
    long maxTs = entries[entries.length - 1].timestampNanos();
    ChunkCodec.Encoded encoded = codec.encode(entries, entries.length, minTs);
    ChunkMeta meta = partition.appendChunk(stream, encoded, minTs, maxTs, entries.length);
    if (stream.journaled() > 0) {
      cutsSinceFlush.add(new Cut(partition.startNanos, stream.key));
    }
    stream.cut(meta);
    dirty = true;
  }

  private void cutAgedHeads() {
    long now = clock.millis();
    long maxAge = config.maxHeadAge().toMillis();
    for (Partition partition : partitions.values()) {
      for (PartitionStream stream : partition.streams()) {
        if (stream.headSize() > 0 && now - stream.headCreatedMillis() >= maxAge) {
          cut(partition, stream);
        }
      }
    }
  }

  @Override
  public void flush() {
    synchronized (lock) {
      ensureOpen();
      commit(false);
    }
  }

  /** Commits everything written; {@code rotate} forces a new journal generation holding only live heads. */
  private void commit(boolean rotate) {
    cutAgedHeads();
    if (!dirty && !rotate) {
      return;
    }
    HeadJournal previous = journal;
    long previousLength = journal.length();
    long previousRotationBytes = lastRotationBytes;
    HeadJournal next = null;
    try {
      for (Partition partition : partitions.values()) {
        partition.sync();
      }
      boolean rotating =
          rotate || journal.length() > Math.max(config.journalRotateBytes(), 2 * lastRotationBytes);
      journalRecords.reset();
      if (rotating) {
        next =
            new HeadJournal(
                dir.resolve(StateFile.journalName(journal.generation + 1)),
                journal.generation + 1,
                0);
        appendHeads(true);
        next.append(journalRecords);
        lastRotationBytes = next.length();
        journal = next;
      } else {
        for (Cut cut : cutsSinceFlush) {
          HeadJournal.writeCut(journalRecords, cut.partitionStart(), cut.stream());
        }
        appendHeads(false);
        journal.append(journalRecords);
      }
      List<StateFile.PartitionState> states = new ArrayList<>();
      for (Partition partition : partitions.values()) {
        states.add(
            new StateFile.PartitionState(
                partition.startNanos,
                partition.generation,
                partition.chunksLength(),
                partition.indexLength()));
      }
      new StateFile(
              writtenSequence,
              partitionNanos,
              retentionCutoffNanos,
              journal.generation,
              journal.length(),
              states,
              tenantCutoffs)
          .write(dir);
      if (rotating) {
        previous.close();
        Files.deleteIfExists(dir.resolve(StateFile.journalName(previous.generation)));
      }
    } catch (IOException e) {
      // The heads stay unjournaled, so the retry writes them again: what this attempt appended must
      // not be
      // committed with it, or a restart would replay them twice (found by TortureDiskFullTest: a
      // full disk
      // took the state file after the journal frame).
      journal = previous;
      previous.rollBackTo(previousLength);
      lastRotationBytes = previousRotationBytes;
      if (next != null) {
        try {
          next.discard();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new LogStorageException(
          "cannot flush the log store in " + dir + ": " + e.getMessage(), true, e);
    }
    for (Partition partition : partitions.values()) {
      for (PartitionStream stream : partition.streams()) {
        stream.markJournaled();
      }
    }
    cutsSinceFlush.clear();
    persistedSequence = writtenSequence;
    dirty = false;
  }

  private void appendHeads(boolean all) {
    for (Partition partition : partitions.values()) {
      for (PartitionStream stream : partition.streams()) {
        int from = all ? 0 : stream.journaled();
        if (stream.headSize() > from) {
          HeadJournal.writeEntries(
              journalRecords,
              partition.startNanos,
              stream.key,
              stream.headEntries(),
              from,
              stream.headSize());
        }
      }
    }
  }

  @Override
  public long persistedSequence() {
    return persistedSequence;
  }

  /** Drops the partitions that end at or before {@code cutoffNanos}; returns their entry count. */
  long dropBefore(long cutoffNanos) {
    synchronized (lock) {
      ensureOpen();
      List<Partition> dropped = new ArrayList<>();
      for (Partition partition : partitions.values()) {
        if (partition.endNanos <= cutoffNanos) {
          dropped.add(partition);
        }
      }
      if (dropped.isEmpty()) {
        return 0;
      }
      long entries = 0;
      for (Partition partition : dropped) {
        for (PartitionStream stream : partition.streams()) {
          entries += stream.snapshot().entries();
        }
        partitions.remove(partition.startNanos);
      }
      retentionCutoffNanos = Math.max(retentionCutoffNanos, cutoffNanos);
      cutsSinceFlush.removeIf(cut -> !partitions.containsKey(cut.partitionStart()));
      // The new state must not name the dropped partitions, and the journal must forget their
      // heads.
      commit(true);
      for (Partition partition : dropped) {
        partition.close();
        deleteRecursively(partition.dir);
      }
      return entries;
    }
  }

  /**
   * Applies a retention policy: drops the partitions that end at or before its earliest cutoff, hides from reads
   * (at once, and across a restart through the state file) the streams of every tenant whose own cutoff a
   * younger partition's end has passed, then rewrites such partitions without those streams, oldest first, until
   * {@code rewriteBudgetBytes} of chunk data has been copied (at least one partition per run); the rest wait for
   * the next run, hidden. The copying runs outside the writer's lock, which only the drop, the hiding and each
   * rewrite's final catch-up and commit take, so ingest waits for none of the bulk work. Returns how many entries
   * were dropped or newly hidden. Runs are serialized with one another.
   */
  long enforce(RetentionPolicy policy, long rewriteBudgetBytes) {
    synchronized (retentionLock) {
      long removed;
      List<Partition> pending = new ArrayList<>();
      synchronized (lock) {
        ensureOpen();
        removed = dropBefore(TenantCutoffs.nanos(policy.earliestCutoff()));
        tenantCutoffs = TenantCutoffs.of(policy);
        for (Partition partition : partitions.values()) {
          Set<String> expired = expiredTenants(partition);
          for (PartitionStream stream : partition.streams()) {
            String tenant = stream.key.tenant();
            if (expired.contains(tenant) && !partition.labelIndex().isHidden(tenant)) {
              removed += stream.snapshot().entries();
            }
          }
          partition.labelIndex().hide(expired);
          if (!expired.isEmpty()) {
            pending.add(partition);
          }
        }
        dirty = true;
        commit(false); // the cutoffs, so that what is hidden stays hidden after a restart
      }
      long copied = 0;
      for (Partition partition : pending) {
        if (copied >= rewriteBudgetBytes) {
          break;
        }
        copied += rewriteWithout(partition);
      }
      return removed;
    }
  }

  private Set<String> expiredTenants(Partition partition) {
    Set<String> expired = new HashSet<>();
    for (String tenant : partition.labelIndex().tenants()) {
      if (partition.endNanos <= tenantCutoffs.cutoffFor(tenant)) {
        expired.add(tenant);
      }
    }
    return expired;
  }

  /**
   * Replaces {@code old} by a new generation of the partition holding every stream but those of the tenants
   * expired there, their chunks copied byte for byte: first what the streams hold now, without the writer's lock,
   * then, under it, what late entries added meanwhile, before the swap. Crash-safe: the new generation's directory
   * is complete and synced before the state file names it (the commit point, an atomic rename); until then a
   * restart opens the old generation and deletes the new one, afterwards the other way round. Returns the chunk
   * bytes copied; 0 when the partition was dropped or the store closed meanwhile.
   */
  private long rewriteWithout(Partition old) {
    Path next = dir.resolve(Partition.dirName(old.startNanos, old.generation + 1));
    Map<PartitionStream, Integer> copiedChunks = new HashMap<>();
    Partition fresh = null;
    boolean swapped = false;
    try {
      Set<String> expired;
      synchronized (lock) {
        if (closed || partitions.get(old.startNanos) != old) {
          return 0;
        }
        expired = expiredTenants(old);
        if (Files.exists(next)) {
          deleteRecursively(next); // an earlier attempt that failed before its commit
        }
      }
      fresh =
          Partition.open(
              next, old.startNanos, old.endNanos, old.generation + 1, 0, 0, registry::idOf);
      long copied = copyChunks(old, fresh, expired, copiedChunks);
      rewriteSteps.accept("copied");
      synchronized (lock) {
        if (closed || partitions.get(old.startNanos) != old) {
          fresh.close();
          deleteRecursively(next);
          return 0;
        }
        for (PartitionStream stream : old.streams()) {
          if (!expired.contains(stream.key.tenant()) && stream.headSize() > 0) {
            cut(old, stream); // a late entry: every kept entry must be in a chunk to be copied
          }
        }
        copied += copyChunks(old, fresh, expired, copiedChunks);
        fresh.sync();
        StateFile.syncDirectory(next);
        StateFile.syncDirectory(dir);
        rewriteSteps.accept("written");
        partitions.put(old.startNanos, fresh);
        swapped = true;
        // The state names the new generation; the rotated journal forgets the removed heads. Should
        // this fail, the new generation stays in force and the next flush names it.
        dirty = true;
        commit(true);
      }
      rewriteSteps.accept("committed");
      old.close();
      deleteRecursively(old.dir);
      return copied;
    } catch (IOException | RuntimeException e) {
      if (swapped) {
        old.close(); // its directory goes at the next open, once the state names the new generation
      } else {
        if (fresh != null) {
          fresh.close();
        }
        deleteRecursively(next);
      }
      throw new LogStorageException(
          "retention could not rewrite " + old.dir + ": " + e.getMessage(), true, e);
    }
  }

  /**
   * Copies the chunks of {@code old}'s kept streams that {@code copied} (chunks copied so far, per stream) does
   * not count yet; a stream's chunk list only grows, so a second call copies what was cut since the first.
   */
  private static long copyChunks(
      Partition old, Partition fresh, Set<String> expired, Map<PartitionStream, Integer> copied) {
    long bytes = 0;
    byte[] buffer = null;
    for (PartitionStream stream : old.streams()) {
      ChunkMeta[] chunks = stream.snapshot().chunks();
      int done = copied.getOrDefault(stream, 0);
      if (expired.contains(stream.key.tenant()) || chunks.length == done) {
        continue;
      }
      PartitionStream target = fresh.streamForWrite(stream.key, stream.globalId);
      for (int c = done; c < chunks.length; c++) {
        buffer = old.readChunk(chunks[c], buffer);
        fresh.appendCopy(target, chunks[c], buffer);
        bytes += chunks[c].length();
      }
      copied.put(stream, chunks.length);
    }
    return bytes;
  }

  /**
   * For tests: {@code steps} sees "copied" (the bulk copied, the writer's lock free), "written" (the new generation
   * complete, not committed) and "committed" during each partition rewrite.
   */
  void onRewriteStep(Consumer<String> steps) {
    this.rewriteSteps = steps;
  }

  static void deleteRecursively(Path path) {
    try (var walk = Files.walk(path)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new LogStorageException("cannot delete " + path + ": " + e.getMessage(), true, e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new LogStorageException("the log store in " + dir + " is closed", false, null);
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      try {
        commit(false);
      } finally {
        closed = true;
        codec.close();
        try {
          journal.close();
        } catch (IOException e) {
          throw new LogStorageException("cannot close the head journal in " + dir, false, e);
        }
      }
    }
  }
}
