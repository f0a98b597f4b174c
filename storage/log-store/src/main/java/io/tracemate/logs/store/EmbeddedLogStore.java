package io.tracemate.logs.store;

import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.LogStorageException;
import io.tracemate.logs.LogStore;
import io.tracemate.logs.LogStoreStats;
import io.tracemate.logs.LogWriter;
import io.tracemate.logs.model.LogEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link LogStore}: time partitions of zstd-compressed chunks on local disk, with an in-memory
 * label index and per-chunk trace filters (see the package documentation for the layout and its figures).
 * Thread-safety: one writer thread (the writer also serializes with retention and close), any number of
 * concurrent readers, lock-free.
 */
public final class EmbeddedLogStore implements LogStore {
  /**
   * Chunk bytes one retention run copies at most when it rewrites partitions without an expired tenant's streams
   * (a partition of 1 h holds well under this on a single node; at disk speed, seconds of work).
   */
  static final long REWRITE_BYTES_PER_RUN = 1L << 30;

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLogStore.class);

  /** Where partitions found damaged at open are moved. */
  static final String CORRUPT_DIR = "corrupt";

  private final Path dir;
  private final ConcurrentNavigableMap<Long, Partition> partitions;
  private final StoreWriter writer;
  private final StoreReader reader;
  private final Decompressors decompressors;
  private final int damagedPartitions;

  private EmbeddedLogStore(
      Path dir,
      ConcurrentNavigableMap<Long, Partition> partitions,
      StoreWriter writer,
      StoreReader reader,
      Decompressors decompressors,
      int damagedPartitions) {
    this.dir = dir;
    this.damagedPartitions = damagedPartitions;
    this.decompressors = decompressors;
    this.partitions = partitions;
    this.writer = writer;
    this.reader = reader;
  }

  /** Opens (or creates) the store with the system clock. */
  public static EmbeddedLogStore open(EmbeddedLogStoreConfig config) {
    return open(config, Clock.systemUTC());
  }

  /**
   * Opens (or creates) the store in {@code config.dataDir()}: restores the last committed state, discards
   * anything written after it, and replays the head journal so unflushed-but-committed heads are readable.
   *
   * @param clock measures head age (for {@code max_head_age})
   * @throws IllegalArgumentException when the data directory was created with another partition duration
   * @throws LogStorageException when the directory cannot be read or its files are damaged
   */
  public static EmbeddedLogStore open(EmbeddedLogStoreConfig config, Clock clock) {
    Path dir = config.dataDir();
    ConcurrentNavigableMap<Long, Partition> partitions = new ConcurrentSkipListMap<>();
    try {
      Files.createDirectories(dir);
      StateFile state = StateFile.read(dir);
      long partitionNanos = config.partitionDuration().toNanos();
      if (state != null && state.partitionNanos() != partitionNanos) {
        throw new IllegalArgumentException(
            "partition_duration is "
                + config.partitionDuration()
                + " but the log "
                + "store in "
                + dir
                + " was created with "
                + java.time.Duration.ofNanos(state.partitionNanos())
                + "; keep the original value or start a new data directory");
      }
      StreamRegistry registry = new StreamRegistry();
      Set<String> keep = new HashSet<>();
      keep.add(StateFile.NAME);
      long generation = state == null ? 1 : state.journalGeneration();
      keep.add(StateFile.journalName(generation));
      int damaged = 0;
      if (state != null) {
        for (StateFile.PartitionState p : state.partitions()) {
          String name = Partition.dirName(p.startNanos(), p.generation());
          keep.add(name);
          try {
            partitions.put(
                p.startNanos(),
                Partition.open(
                    dir.resolve(name),
                    p.startNanos(),
                    p.startNanos() + partitionNanos,
                    p.generation(),
                    p.chunksLength(),
                    p.indexLength(),
                    registry::idOf));
          } catch (CorruptDataException e) {
            // Never a reason not to start (a crash loop): the partition is kept aside, the rest
            // opens.
            setAside(dir, name, e);
            damaged++;
          }
        }
      }
      removeUncommitted(dir, keep);
      HeadJournal journal =
          new HeadJournal(
              dir.resolve(StateFile.journalName(generation)),
              generation,
              state == null ? 0 : state.journalLength());
      long cutoff = state == null ? Long.MIN_VALUE : state.retentionCutoffNanos();
      TenantCutoffs tenantCutoffs = state == null ? TenantCutoffs.NONE : state.tenantCutoffs();
      StoreWriter writer =
          new StoreWriter(
              dir,
              config,
              partitionNanos,
              clock,
              partitions,
              registry,
              journal,
              state == null ? 0 : state.persistedSequence(),
              cutoff,
              tenantCutoffs);
      replay(journal, partitions, dir, partitionNanos, cutoff, registry, clock);
      hideExpired(partitions, tenantCutoffs);
      Decompressors decompressors = new Decompressors();
      return new EmbeddedLogStore(
          dir,
          partitions,
          writer,
          new StoreReader(partitions, registry, decompressors),
          decompressors,
          damaged);
    } catch (IOException | UncheckedIOException e) {
      partitions.values().forEach(Partition::close);
      throw new LogStorageException(
          "cannot open the log store in " + dir + ": " + e.getMessage(), false, e);
    } catch (CorruptDataException e) {
      partitions.values().forEach(Partition::close);
      throw new LogStorageException(
          "the log store in " + dir + " is damaged: " + e.getMessage(), false, e);
    }
  }

  /**
   * Moves a partition whose files are damaged to {@code corrupt/} in the store's directory; its lines are no longer
   * read (the WAL cannot replay them: the state says they were stored). Logged at ERROR, counted in
   * {@link LogStoreStats#damagedPartitions()}.
   */
  private static void setAside(Path dir, String name, CorruptDataException damage)
      throws IOException {
    Path corrupt = dir.resolve(CORRUPT_DIR);
    Files.createDirectories(corrupt);
    Path aside = corrupt.resolve(name + "." + System.currentTimeMillis());
    Files.move(dir.resolve(name), aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    LOG.error(
        "Log store partition {} is damaged ({}) and was moved to {}; the store opens without it",
        name,
        damage.getMessage(),
        aside);
  }

  /** Partitions and journals a crash left behind before the state file named them, and a half-written state. */
  private static void removeUncommitted(Path dir, Set<String> keep) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path path : files.toList()) {
        String name = path.getFileName().toString();
        boolean ours =
            name.startsWith("p-")
                || (name.startsWith("heads-") && name.endsWith(".journal"))
                || name.equals(StateFile.NAME + ".tmp");
        if (ours && !keep.contains(name)) {
          StoreWriter.deleteRecursively(path);
        }
      }
    }
  }

  private static void replay(
      HeadJournal journal,
      ConcurrentNavigableMap<Long, Partition> partitions,
      Path dir,
      long partitionNanos,
      long cutoff,
      StreamRegistry registry,
      Clock clock)
      throws IOException {
    long now = clock.millis();
    journal.replay(
        new HeadJournal.Visitor() {
          @Override
          public void entries(long partitionStart, StreamKey stream, List<LogEntry> entries) {
            if (partitionStart + partitionNanos <= cutoff) {
              return;
            }
            Partition partition = partitions.get(partitionStart);
            if (partition == null) {
              try {
                partition =
                    Partition.open(
                        dir.resolve(Partition.dirName(partitionStart)),
                        partitionStart,
                        partitionStart + partitionNanos,
                        0,
                        0,
                        registry::idOf);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              partitions.put(partitionStart, partition);
            }
            PartitionStream head = partition.streamForWrite(stream, registry.idOf(stream));
            for (LogEntry entry : entries) {
              head.append(entry, now);
            }
            head.publish();
          }

          @Override
          public void cut(long partitionStart, StreamKey stream) {
            Partition partition = partitions.get(partitionStart);
            PartitionStream head = partition == null ? null : partition.stream(stream);
            if (head != null) {
              head.discardHead();
            }
          }
        });
    for (Partition partition : partitions.values()) {
      for (PartitionStream stream : partition.streams()) {
        stream.markJournaled();
      }
    }
  }

  /** Hides again what the last retention run hid and did not get to rewrite before the store closed. */
  private static void hideExpired(
      ConcurrentNavigableMap<Long, Partition> partitions, TenantCutoffs cutoffs) {
    for (Partition partition : partitions.values()) {
      Set<String> expired = new HashSet<>();
      for (String tenant : partition.labelIndex().tenants()) {
        if (partition.endNanos <= cutoffs.cutoffFor(tenant)) {
          expired.add(tenant);
        }
      }
      partition.labelIndex().hide(expired);
    }
  }

  /** The live partitions, oldest first (for tests and diagnostics in this package). */
  java.util.Collection<Partition> partitions() {
    return partitions.values();
  }

  @Override
  public LogWriter writer() {
    return writer;
  }

  @Override
  public LogReader reader() {
    return reader;
  }

  /**
   * Drops whole the partitions that end at or before the policy's earliest cutoff; in younger ones, hides at once
   * the streams of each tenant whose own cutoff the partition's end has passed, and removes them from disk by
   * rewriting such partitions, oldest first, up to {@value #REWRITE_BYTES_PER_RUN} bytes of chunks copied per call
   * (at least one partition); what is left waits, hidden, for the next call.
   */
  @Override
  public long enforceRetention(RetentionPolicy policy) {
    return writer.enforce(policy, REWRITE_BYTES_PER_RUN);
  }

  /** For crash tests: sees each step of a partition rewrite. */
  void onRewriteStep(Consumer<String> steps) {
    writer.onRewriteStep(steps);
  }

  @Override
  public LogStoreStats stats() {
    Set<Long> streams = new HashSet<>();
    long chunks = 0;
    long entries = 0;
    long bytes = 0;
    for (Partition partition : partitions.values()) {
      for (PartitionStream stream : partition.streams()) {
        if (partition.labelIndex().isHidden(stream.key.tenant())) {
          continue; // expired by retention, not rewritten away yet
        }
        StreamSnapshot snapshot = stream.snapshot();
        streams.add(stream.globalId);
        chunks += snapshot.chunks().length;
        entries += snapshot.headSize();
        bytes += snapshot.headLineBytes();
        for (ChunkMeta chunk : snapshot.chunks()) {
          entries += chunk.entries();
          bytes += chunk.lineBytes();
        }
      }
    }
    return new LogStoreStats(
        streams.size(),
        chunks,
        entries,
        bytes,
        bytesOnDisk(),
        partitions.size(),
        damagedPartitions);
  }

  private long bytesOnDisk() {
    long total = 0;
    try (var files = Files.walk(dir)) {
      for (Path path : files.toList()) {
        try {
          if (Files.isRegularFile(path)) {
            total += Files.size(path);
          }
        } catch (NoSuchFileException e) {
          // dropped by retention meanwhile
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new LogStorageException("cannot measure " + dir + ": " + e.getMessage(), true, e);
    }
    return total;
  }

  @Override
  public void close() {
    try {
      writer.close();
    } finally {
      partitions.values().forEach(Partition::close);
      decompressors.close();
    }
  }
}
