package io.tracemate.audit;

import io.tracemate.audit.AuditFiles.AuditFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, hash-chained audit log: one JSON line per record ({@link AuditCodec}) in files
 * {@code audit-<first seq>.jsonl}, a new file begun once one reaches {@link AuditLogConfig#maxFileBytes()} (a group
 * of records is never split, so a file may pass the size by one group). Each record carries the hash of the one
 * before, across files, so that {@link AuditVerifier} finds a record edited, removed or moved, and a file removed
 * or cut short.
 *
 * <p>Durable as the write-ahead log is: one writer thread takes every append queued while the previous fsync ran
 * and writes them with one fsync (group commit, at most {@value #MAX_GROUP} records). An append's future completes
 * once its record is on disk, so a caller that must not act unrecorded (a change of rules, roles or overrides)
 * waits for it; a caller that only reports (a query) need not. A crash loses exactly the records whose futures had
 * not completed: at most the group being written and what was queued behind it. A group cut by a crash leaves a
 * partial last line, which the next {@link #open} cuts off (as the WAL cuts a torn record), logging how many bytes;
 * complete lines are never changed or removed. A failed write or fsync fails that group's futures, cuts the file
 * back to where the group began, and leaves the chain where it was, so the next group continues it.
 *
 * <p>Appends are bounded ({@link AuditLogConfig#maxPending()}): beyond it an append fails at once with
 * {@link AuditOverloadedException}, so a stalled disk cannot grow memory; the caller decides whether to refuse
 * the request or serve it unrecorded (and count it).
 *
 * <p>Nothing in the log proves its newest records were not removed at the end: {@link #head()} is the anchor to keep
 * elsewhere (it is logged at each rotation and on close; the server exports its sequence number as tracemate_audit_head_seq), and
 * {@link AuditVerifier} checks a log against a head kept that way.
 *
 * <p>Thread-safe.
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

  /** Most records written with one fsync. */
  static final int MAX_GROUP = 1000;

  /** How often the writer looks for files retention may remove (also once at open and after each rotation). */
  static final long RETENTION_CHECK_EVERY_MILLIS = 3_600_000L;

  private final AuditLogConfig config;
  private final Clock clock;
  private final BlockingQueue<Pending> queue;
  private final Thread writer;

  // Writer thread only, after open.
  private FileChannel channel;
  private Path currentFile;
  private long size;
  private long nextRetentionCheckMillis = Long.MIN_VALUE;

  private volatile Head head;
  private volatile boolean closed;

  /** The newest record's sequence number and hash: 0 and 64 zeros for an empty log. */
  public record Head(long seq, String hash) {
    public static final Head EMPTY = new Head(0, AuditRecord.GENESIS);
  }

  private record Pending(AuditEvent event, String time, CompletableFuture<AuditRecord> done) {}

  private AuditLog(AuditLogConfig config, Clock clock, Head head, Path currentFile)
      throws IOException {
    this.config = config;
    this.clock = clock;
    this.queue = new LinkedBlockingQueue<>(config.maxPending());
    this.head = head;
    openFile(currentFile);
    this.writer = Thread.ofPlatform().name("audit-writer").daemon(true).unstarted(this::writeLoop);
    writer.start();
  }

  /**
   * Opens the log in {@code config.directory()} (created if missing) and continues its chain: finds the newest
   * record, first cutting off a partial last line left by a crash.
   *
   * @throws IOException when the directory cannot be used, or the newest complete line is not a record (the log is
   *     damaged: {@link AuditVerifier} says where; a new chain is begun by moving the directory aside)
   */
  public static AuditLog open(AuditLogConfig config, Clock clock) throws IOException {
    Files.createDirectories(config.directory());
    List<AuditFile> files = AuditFiles.list(config.directory());
    Head head = Head.EMPTY;
    for (int i = files.size() - 1; i >= 0; i--) {
      AuditFile file = files.get(i);
      AuditRecord newest = newestRecord(file, i == files.size() - 1);
      if (newest != null) {
        head = new Head(newest.seq(), newest.hash());
        break;
      }
    }
    Path current;
    if (files.isEmpty()) {
      current = AuditFiles.pathFor(config.directory(), head.seq() + 1);
    } else {
      AuditFile newestFile = files.get(files.size() - 1);
      current =
          Files.size(newestFile.path()) < config.maxFileBytes()
              ? newestFile.path()
              : AuditFiles.pathFor(config.directory(), head.seq() + 1);
    }
    log.info(
        "audit log {}: continuing after seq {} (hash {})",
        config.directory(),
        head.seq(),
        head.hash());
    return new AuditLog(config, clock, head, current);
  }

  /** The newest record of a file, or null when it has none; cuts a partial last line off the newest file. */
  private static AuditRecord newestRecord(AuditFile file, boolean newestFile) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      long endOfLines = ReverseLineReader.endOfLastLine(channel, size);
      if (endOfLines < size && newestFile) {
        log.warn(
            "audit log {}: cutting off a partial last record of {} bytes (a write cut by a crash; it was never"
                + " acknowledged)",
            file.path(),
            size - endOfLines);
        channel.truncate(endOfLines);
        channel.force(true);
      }
      ReverseLineReader.Line last = new ReverseLineReader(channel, endOfLines).previous();
      if (last == null) {
        return null;
      }
      try {
        return AuditCodec.parse(last.text());
      } catch (IllegalArgumentException e) {
        throw new IOException(
            "audit log damaged: the last line of "
                + file.path()
                + " (offset "
                + last.offset()
                + ") is not a record ("
                + e.getMessage()
                + "); run the audit verifier to see where it breaks, and move the directory aside to begin a new"
                + " log");
      }
    }
  }

  /**
   * Queues a record. The future completes with the record as written once it is on disk, or fails: with
   * {@link AuditOverloadedException} at once when {@link AuditLogConfig#maxPending()} appends are waiting, with
   * {@link IllegalStateException} after {@link #close()}, with an {@link IOException} cause when the write failed.
   */
  public CompletableFuture<AuditRecord> append(AuditEvent event) {
    CompletableFuture<AuditRecord> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IllegalStateException("the audit log is closed"));
      return done;
    }
    if (!queue.offer(new Pending(event, clock.instant().toString(), done))) {
      done.completeExceptionally(new AuditOverloadedException(config.maxPending()));
    }
    return done;
  }

  /** The newest record written: the anchor to keep outside the log. */
  public Head head() {
    return head;
  }

  /** Appends waiting for the writer. */
  public int pending() {
    return queue.size();
  }

  public Path directory() {
    return config.directory();
  }

  /** Writes and syncs what is queued, then closes the file; logs the head. */
  @Override
  public void close() throws IOException {
    closed = true;
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channel.close();
    log.info(
        "audit log {} closed at seq {} (hash {})", config.directory(), head.seq(), head.hash());
  }

  private void writeLoop() {
    List<Pending> group = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first != null) {
          group.add(first);
          queue.drainTo(group, MAX_GROUP - 1);
          commit(group);
        }
        applyRetentionWhenDue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        group.clear();
      }
    }
  }

  private void commit(List<Pending> group) {
    Head before = head;
    long startSize = size;
    try {
      if (size >= config.maxFileBytes()) {
        rotate(before);
        startSize = 0;
      }
      List<AuditRecord> records = new ArrayList<>(group.size());
      ByteArrayOutputStream lines = new ByteArrayOutputStream();
      long seq = before.seq();
      String previous = before.hash();
      for (Pending pending : group) {
        AuditEvent e = pending.event();
        AuditRecord record =
            AuditCodec.sealed(
                new AuditRecord(
                    ++seq,
                    pending.time(),
                    e.actor(),
                    e.method(),
                    e.tenants(),
                    e.action(),
                    e.endpoint(),
                    e.query(),
                    e.status(),
                    e.bytesScanned(),
                    e.resultBytes(),
                    e.durationMs(),
                    previous,
                    null));
        previous = record.hash();
        records.add(record);
        lines.writeBytes((AuditCodec.line(record) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      ByteBuffer bytes = ByteBuffer.wrap(lines.toByteArray());
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
      size += bytes.limit();
      head = new Head(seq, previous);
      for (int i = 0; i < group.size(); i++) {
        group.get(i).done().complete(records.get(i));
      }
    } catch (IOException | RuntimeException e) {
      log.error("audit log write failed; {} records refused", group.size(), e);
      rollBack(startSize);
      for (Pending pending : group) {
        pending.done().completeExceptionally(e);
      }
    }
  }

  /**
   * Removes the oldest files whose every record is older than the retention, after a durable record saying which
   * records go and the hash the chain continues from ({@link RetentionNote}); when that record cannot be written,
   * nothing is removed. A crash between the record and the deletion leaves files the record names, which the next
   * check removes (with a record of its own).
   */
  private void applyRetentionWhenDue() {
    if (config.retention().isZero()) {
      return;
    }
    long now = clock.millis();
    if (now < nextRetentionCheckMillis) {
      return;
    }
    nextRetentionCheckMillis = now + RETENTION_CHECK_EVERY_MILLIS;
    try {
      Optional<RetentionNote> plan =
          AuditRetention.plan(
              config.directory(), currentFile, clock.instant().minus(config.retention()));
      if (plan.isEmpty()) {
        return;
      }
      RetentionNote note = plan.get();
      CompletableFuture<AuditRecord> noted = new CompletableFuture<>();
      commit(List.of(new Pending(note.event(), clock.instant().toString(), noted)));
      if (noted.isCompletedExceptionally()) {
        return; // commit logged why; the files stay until a record can say they go
      }
      for (String name : note.files()) {
        Files.deleteIfExists(config.directory().resolve(name));
      }
      syncDirectory(config.directory());
      log.info(
          "audit retention ({}): removed {} (seq {} to {}); the chain continues from hash {}",
          config.retention(),
          note.files(),
          note.firstSeq(),
          note.throughSeq(),
          note.lastHash());
    } catch (IOException | RuntimeException e) {
      log.warn("audit retention failed; trying again in an hour", e);
    }
  }

  private void rollBack(long to) {
    try {
      channel.truncate(to);
      channel.position(to);
      size = to;
    } catch (IOException e) {
      log.error("could not cut the audit log back after a failed write", e);
    }
  }

  private void rotate(Head before) throws IOException {
    channel.force(true);
    channel.close();
    openFile(AuditFiles.pathFor(config.directory(), before.seq() + 1));
    nextRetentionCheckMillis = Long.MIN_VALUE; // a file just closed may be old enough to go
    log.info(
        "audit log rotated to {} after seq {} (hash {})", currentFile, before.seq(), before.hash());
  }

  private void openFile(Path path) throws IOException {
    boolean created = !Files.exists(path);
    channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    size = channel.size();
    channel.position(size);
    currentFile = path;
    if (created) {
      syncDirectory(config.directory());
    }
  }

  /** Makes a new file's directory entry durable, so a crash cannot lose the file itself. */
  private static void syncDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      log.debug("directory fsync not supported here: {}", e.toString());
    }
  }
}
