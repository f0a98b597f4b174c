package io.tracemate.queue.wal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only, checksummed log in size-bounded segment files, with group commit: one writer thread
 * takes every append queued while the previous fsync ran and makes them durable with a single fsync. An
 * append's future completes only after the fsync that covers it, so a caller that acknowledges on
 * completion never acknowledges data a crash could lose.
 *
 * <p>What the consumer has applied durably is remembered in a checkpoint file ({@link #truncateThrough}), so
 * a restart after a crash replays only the records above it: segments entirely below it are not read at all,
 * and records below it in the segment that is read are checksummed (to find where the good records end) but
 * not copied or handed over. Records keep their sequence numbers across restarts, always above the checkpoint.
 *
 * <p>Thread-safe. The number of queued appends is not bounded here: the caller admits work (see
 * {@code DurableQueue}), which keeps memory bounded.
 */
public final class WriteAheadLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WriteAheadLog.class);
  private static final int MAX_GROUP = 4096;

  private final WalConfig config;
  private final WalObserver observer;
  private final BlockingQueue<PendingAppend> queue = new LinkedBlockingQueue<>();
  private final Object segmentsLock = new Object();
  private final List<WalSegment> segments; // guarded by segmentsLock; last one is being written
  private final long lastSequenceAtOpen;
  private final ReplaySummary replaySummary;
  private volatile long checkpoint; // written under segmentsLock
  private final Thread writer;
  private final CRC32C crc = new CRC32C(); // writer thread only

  private FileChannel channel; // writer thread only (and open/close)
  private long channelSize;
  private long nextSequence;
  private volatile long bytesOnDisk;
  private volatile long lastAcknowledgedSequence;
  private volatile boolean closed;

  private record PendingAppend(byte[] payload, CompletableFuture<Long> done) {}

  /**
   * What {@link #open} found and did.
   *
   * @param appliedThrough records up to this sequence were known to be applied (the checkpoint, or the caller's
   *     own sequence if higher) and were not replayed
   * @param replayedRecords records handed to the replay consumer
   * @param skippedRecords records at or below {@code appliedThrough} found in the segments that were read
   * @param skippedSegments segments not read at all because all their records were at or below it
   * @param damagedBytes bytes of segments that held no valid record though valid records followed them (damage on
   *     disk, not a crash), set aside in {@code corrupt/}
   * @param lostRecords records known to be lost in that damage (gaps between the sequences around it)
   * @param tornTailBytes bytes after the last valid record of the last segment (the write a crash cut short, which
   *     was never acknowledged; or damage to the last records, which the bytes set aside in {@code corrupt/} show)
   */
  public record ReplaySummary(
      long appliedThrough,
      long replayedRecords,
      long skippedRecords,
      int skippedSegments,
      long damagedBytes,
      long lostRecords,
      long tornTailBytes) {}

  private WriteAheadLog(
      WalConfig config,
      WalObserver observer,
      List<WalSegment> segments,
      long nextSequence,
      long bytesOnDisk,
      long checkpoint,
      ReplaySummary replaySummary)
      throws IOException {
    this.config = config;
    this.observer = observer;
    this.segments = segments;
    this.nextSequence = nextSequence;
    this.lastSequenceAtOpen = nextSequence - 1;
    this.bytesOnDisk = bytesOnDisk;
    this.checkpoint = checkpoint;
    this.replaySummary = replaySummary;
    openLastSegment();
    syncDirectory(config.directory());
    this.writer = Thread.ofPlatform().name("wal-writer").daemon(true).unstarted(this::writeLoop);
    writer.start();
  }

  /**
   * Opens the log in {@code config.directory()}, first handing every intact record above the checkpoint to
   * {@code replay} in sequence order. A torn record at the end (a write cut by a crash) is cut off.
   */
  public static WriteAheadLog open(
      WalConfig config, WalObserver observer, Consumer<WalRecord> replay) throws IOException {
    return open(config, observer, replay, 0);
  }

  /**
   * As {@link #open(WalConfig, WalObserver, Consumer)}, for a consumer that also knows by itself which records
   * it has applied (a store that persists the last sequence with its data): records up to
   * {@code appliedThrough} are not replayed either, and new records are numbered above it, so numbers keep
   * growing after a clean shutdown emptied the log.
   */
  public static WriteAheadLog open(
      WalConfig config, WalObserver observer, Consumer<WalRecord> replay, long appliedThrough)
      throws IOException {
    Files.createDirectories(config.directory());
    List<WalSegment> segments;
    try (Stream<Path> files = Files.list(config.directory())) {
      segments =
          new ArrayList<>(
              files
                  .map(WalSegment::parse)
                  .filter(s -> s != null)
                  .sorted(java.util.Comparator.comparingLong(WalSegment::firstSequence))
                  .toList());
    }
    long checkpoint = WalCheckpoint.read(config.directory());
    long skipThrough = Math.max(checkpoint, appliedThrough);
    long nextSequence = Math.max(1, skipThrough + 1);
    long bytes = 0;
    long replayed = 0;
    long skipped = 0;
    int skippedSegments = 0;
    long damagedBytes = 0;
    long lostRecords = 0;
    long tornTailBytes = 0;
    for (int i = 0; i < segments.size(); i++) {
      WalSegment segment = segments.get(i);
      nextSequence = Math.max(nextSequence, segment.firstSequence());
      boolean last = i == segments.size() - 1;
      if (!last && segments.get(i + 1).firstSequence() - 1 <= skipThrough) {
        // Every record is applied; a later segment exists, so this one has no tail to repair
        // either.
        bytes += segment.size();
        skippedSegments++;
        continue;
      }
      WalReader.Result read = WalReader.read(segment, config.maxRecordBytes(), skipThrough, replay);
      long size = segment.size();
      WalRepair.repair(segment, read.damaged(), read.goodBytes());
      for (WalReader.Damage damage : read.damaged()) {
        damagedBytes += damage.bytes();
        lostRecords += damage.lostRecords();
      }
      if (read.goodBytes() < size) {
        long firstMissing =
            read.lastSequence() >= 0 ? read.lastSequence() + 1 : segment.firstSequence();
        if (last) {
          tornTailBytes += size - read.goodBytes();
          log.warn(
              "WAL segment {}: {} at byte {} of {}; the {} bytes after the last valid record are the"
                  + " write a crash cut short (never acknowledged), set aside in {}/",
              segment.path().getFileName(),
              read.tailProblem(),
              read.goodBytes(),
              size,
              size - read.goodBytes(),
              WalRepair.CORRUPT_DIRECTORY);
        } else {
          // Segments before the last were complete and synced when the next one began: this is
          // damage.
          long lost = Math.max(0, segments.get(i + 1).firstSequence() - firstMissing);
          damagedBytes += size - read.goodBytes();
          lostRecords += lost;
          log.error(
              "WAL segment {}: {} at byte {} of {}; the {} bytes to its end ({} records from sequence {})"
                  + " cannot be read and are set aside in {}/",
              segment.path().getFileName(),
              read.tailProblem(),
              read.goodBytes(),
              size,
              size - read.goodBytes(),
              lost,
              firstMissing,
              WalRepair.CORRUPT_DIRECTORY);
        }
      }
      long goodBytes = read.goodBytes();
      for (WalReader.Damage damage : read.damaged()) {
        goodBytes -= damage.bytes();
      }
      bytes += goodBytes;
      replayed += read.delivered();
      skipped += read.skipped();
      nextSequence = Math.max(nextSequence, read.lastSequence() + 1);
    }
    if (segments.isEmpty()) {
      segments.add(WalSegment.create(config.directory(), nextSequence));
    }
    if (skipThrough > 0) {
      log.info(
          "WAL {}: records through {} were already applied; replayed {} records, skipped {} (and {} whole"
              + " segments)",
          config.directory(),
          skipThrough,
          replayed,
          skipped,
          skippedSegments);
    }
    return new WriteAheadLog(
        config,
        observer,
        segments,
        nextSequence,
        bytes,
        checkpoint,
        new ReplaySummary(
            skipThrough,
            replayed,
            skipped,
            skippedSegments,
            damagedBytes,
            lostRecords,
            tornTailBytes));
  }

  /**
   * Queues a record. The future completes with the record's sequence number once it is on disk, or
   * fails with an {@link IOException} cause if the write or fsync failed (then nothing was acknowledged).
   */
  public CompletableFuture<Long> append(byte[] payload) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    if (payload.length > config.maxRecordBytes()) {
      done.completeExceptionally(
          new IllegalArgumentException(
              "WAL record of "
                  + payload.length
                  + " bytes exceeds the limit of "
                  + config.maxRecordBytes()));
      return done;
    }
    if (closed) {
      done.completeExceptionally(new IllegalStateException("write-ahead log is closed"));
      return done;
    }
    queue.add(new PendingAppend(payload, done));
    return done;
  }

  /**
   * The caller has made the records up to {@code sequence} durable elsewhere: remembers that in the checkpoint
   * (so they are never replayed), then deletes the whole segments they cover. The segment being written is kept
   * while the log is open; after {@link #close()}, a call covering every record deletes it too, so a clean
   * shutdown leaves nothing to replay. Sequences above any record handed out so far count as the last one.
   */
  public void truncateThrough(long sequence) {
    synchronized (segmentsLock) {
      long applied = Math.min(sequence, Math.max(lastAcknowledgedSequence, lastSequenceAtOpen));
      if (applied > checkpoint) {
        try {
          WalCheckpoint.write(config.directory(), applied);
          checkpoint = applied;
        } catch (IOException e) {
          // Replay will redo more than needed, which is harmless; the covered segments may still
          // go.
          log.warn(
              "could not write the WAL checkpoint in {}: {}", config.directory(), e.toString());
        }
      }
      boolean everythingCovered = closed && !writer.isAlive() && sequence >= nextSequence - 1;
      while (!segments.isEmpty()
          && (segments.size() > 1
              ? segments.get(1).firstSequence() - 1 <= sequence
              : everythingCovered)) {
        WalSegment oldest = segments.remove(0);
        try {
          long size = Files.size(oldest.path());
          Files.deleteIfExists(oldest.path());
          bytesOnDisk -= size;
        } catch (IOException e) {
          log.warn("could not delete WAL segment {}: {}", oldest.path(), e.toString());
        }
      }
    }
  }

  /** The highest sequence recorded as applied: replay after a restart starts above it. */
  public long checkpoint() {
    return checkpoint;
  }

  /** What opening the log replayed and skipped. */
  public ReplaySummary replaySummary() {
    return replaySummary;
  }

  /**
   * The highest sequence whose append has completed, including the callbacks that ran on completion.
   */
  public long lastAcknowledgedSequence() {
    return lastAcknowledgedSequence;
  }

  /** Bytes in all segment files. */
  public long bytesOnDisk() {
    return bytesOnDisk;
  }

  public int segmentCount() {
    synchronized (segmentsLock) {
      return segments.size();
    }
  }

  /** Appends queued and not yet durable. */
  public int pendingAppends() {
    return queue.size();
  }

  /** Writes and syncs everything queued so far, then closes the files. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join();
      channel.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeLoop() {
    List<PendingAppend> group = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        PendingAppend first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        queue.drainTo(group, MAX_GROUP - 1);
        commit(group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        group.clear();
      }
    }
  }

  private void commit(List<PendingAppend> group) {
    long startSize = channelSize;
    long firstSequence = nextSequence;
    try {
      if (channelSize >= config.segmentBytes()) {
        rotate();
        startSize = 0;
      }
      ByteBuffer[] buffers = new ByteBuffer[group.size() * 2];
      long bytes = 0;
      for (int i = 0; i < group.size(); i++) {
        byte[] payload = group.get(i).payload();
        long sequence = firstSequence + i;
        crc.reset();
        WalFormat.checksum(crc, sequence, payload);
        ByteBuffer header = ByteBuffer.allocate(WalFormat.HEADER_BYTES);
        header.putInt(payload.length).putInt((int) crc.getValue()).putLong(sequence).flip();
        buffers[2 * i] = header;
        buffers[2 * i + 1] = ByteBuffer.wrap(payload);
        bytes += WalFormat.HEADER_BYTES + payload.length;
      }
      long written = 0;
      while (written < bytes) {
        written += channel.write(buffers);
      }
      long fsyncStart = System.nanoTime();
      channel.force(false);
      long fsyncNanos = System.nanoTime() - fsyncStart;
      channelSize += bytes;
      bytesOnDisk += bytes;
      nextSequence = firstSequence + group.size();
      observer.committed(group.size(), bytes, fsyncNanos);
      // Durable now; published before the futures complete so that a caller who saw its ack also
      // sees it here.
      lastAcknowledgedSequence = nextSequence - 1;
      for (int i = 0; i < group.size(); i++) {
        group.get(i).done().complete(firstSequence + i);
      }
    } catch (IOException | RuntimeException e) {
      log.error("WAL write failed; {} appends are refused", group.size(), e);
      rollBack(startSize);
      for (PendingAppend append : group) {
        append.done().completeExceptionally(e);
      }
    }
  }

  /** Cuts a partly written group off so the next group starts at a record boundary. */
  private void rollBack(long size) {
    try {
      channel.truncate(size);
      channel.position(size);
      channelSize = size;
    } catch (IOException e) {
      log.error(
          "could not roll back the WAL after a failed write; replay will stop at the torn record",
          e);
    }
  }

  private void rotate() throws IOException {
    channel.force(true);
    channel.close();
    synchronized (segmentsLock) {
      segments.add(WalSegment.create(config.directory(), nextSequence));
    }
    openLastSegment();
    syncDirectory(config.directory());
  }

  private void openLastSegment() throws IOException {
    WalSegment last;
    synchronized (segmentsLock) {
      last = segments.get(segments.size() - 1);
    }
    channel = FileChannel.open(last.path(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    channelSize = channel.size();
    channel.position(channelSize);
  }

  /** Makes a new file's directory entry durable, so a crash cannot lose the file itself. */
  static void syncDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      log.debug("directory fsync not supported here: {}", e.toString());
    }
  }
}
