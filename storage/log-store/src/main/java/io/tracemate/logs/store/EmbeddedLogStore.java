package io.tracemate.logs.store;

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
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The embedded {@link LogStore}: time partitions of zstd-compressed chunks on local disk, with an in-memory
 * label index and per-chunk trace filters (see the package documentation for the layout and its figures).
 * Thread-safety: one writer thread (the writer also serializes with retention and close), any number of
 * concurrent readers, lock-free.
 */
public final class EmbeddedLogStore implements LogStore {
  private final Path dir;
  private final ConcurrentNavigableMap<Long, Partition> partitions;
  private final StoreWriter writer;
  private final StoreReader reader;
  private final Decompressors decompressors;

  private EmbeddedLogStore(
      Path dir,
      ConcurrentNavigableMap<Long, Partition> partitions,
      StoreWriter writer,
      StoreReader reader,
      Decompressors decompressors) {
    this.dir = dir;
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
      if (state != null) {
        for (StateFile.PartitionState p : state.partitions()) {
          String name = Partition.dirName(p.startNanos());
          keep.add(name);
          partitions.put(
              p.startNanos(),
              Partition.open(
                  dir.resolve(name),
                  p.startNanos(),
                  p.startNanos() + partitionNanos,
                  p.chunksLength(),
                  p.indexLength(),
                  registry::idOf));
        }
      }
      removeUncommitted(dir, keep);
      HeadJournal journal =
          new HeadJournal(
              dir.resolve(StateFile.journalName(generation)),
              generation,
              state == null ? 0 : state.journalLength());
      long cutoff = state == null ? Long.MIN_VALUE : state.retentionCutoffNanos();
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
              cutoff);
      replay(journal, partitions, dir, partitionNanos, cutoff, registry, clock);
      Decompressors decompressors = new Decompressors();
      return new EmbeddedLogStore(
          dir,
          partitions,
          writer,
          new StoreReader(partitions, registry, decompressors),
          decompressors);
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

  /** Drops whole partitions that end at or before {@code cutoff}. */
  @Override
  public long enforceRetention(Instant cutoff) {
    long nanos = Math.multiplyExact(cutoff.getEpochSecond(), 1_000_000_000L) + cutoff.getNano();
    return writer.dropBefore(nanos);
  }

  @Override
  public LogStoreStats stats() {
    Set<Long> streams = new HashSet<>();
    long chunks = 0;
    long entries = 0;
    long bytes = 0;
    for (Partition partition : partitions.values()) {
      for (PartitionStream stream : partition.streams()) {
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
        streams.size(), chunks, entries, bytes, bytesOnDisk(), partitions.size());
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
