package io.tracemate.ingest.logs;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.ingest.IngestRejectedException;
import io.tracemate.ingest.wal.WalConfig;
import io.tracemate.ingest.wal.WalRecord;
import io.tracemate.ingest.wal.WriteAheadLog;
import io.tracemate.logs.LogSink;
import io.tracemate.logs.LogStream;
import io.tracemate.logs.LogWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable path for log lines, the counterpart of the span ingest: streams are appended to their own
 * write-ahead log and acknowledged once fsynced, then written to the log store by one applier thread; a
 * periodic flush makes the store durable and lets the WAL drop what it covers.
 *
 * <p>Exactly-once on replay: the store remembers the highest WAL sequence it made durable
 * ({@link LogWriter#persistedSequence()}), so on open only records above it are replayed (the WAL does not even
 * read the segments below it, nor copy the records below it in the segment it reads), and the WAL numbers new
 * records above it even after a clean shutdown emptied the log. Memory is bounded by
 * {@link LogIngestConfig#maxQueuedBytes()} of line text; beyond it pushes are refused with
 * {@link IngestRejectedException}. Thread-safe.
 */
public final class DurableLogIngest implements LogSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DurableLogIngest.class);
  private static final int PERMIT_BYTES = 1024;

  private final LogIngestConfig config;
  private final LogWriter writer;
  private final BiConsumer<String, List<LogStream>> onDurable;
  private final Semaphore permits;
  private final int maxPermits;
  private final BlockingQueue<DurableBatch> toStore = new LinkedBlockingQueue<>();
  private final LogIngestMetrics metrics;
  private final WriteAheadLog wal;
  private final Thread applier;
  private final ScheduledExecutorService flusher;
  private volatile boolean accepting = true;
  private volatile boolean applying = true;
  private volatile long lastStoredSequence;

  private record DurableBatch(long sequence, String tenant, List<LogStream> streams, int permits, long lines) {}

  private DurableLogIngest(WalConfig walConfig, LogIngestConfig config, LogWriter writer,
      BiConsumer<String, List<LogStream>> onDurable, PrometheusRegistry registry) throws IOException {
    this.config = config;
    this.writer = writer;
    this.onDurable = onDurable;
    this.maxPermits = (int) Math.min(Integer.MAX_VALUE, Math.max(1, config.maxQueuedBytes() / PERMIT_BYTES));
    this.permits = new Semaphore(maxPermits);
    WriteAheadLog[] walRef = new WriteAheadLog[1];
    this.metrics = new LogIngestMetrics(registry, this::queuedBytes,
        () -> walRef[0] == null ? 0 : walRef[0].bytesOnDisk());
    long persisted = writer.persistedSequence();
    Replay replay = new Replay(persisted);
    this.wal = WriteAheadLog.open(walConfig, metrics, replay, persisted);
    walRef[0] = wal;
    replay.finish();
    metrics.replayed(wal.replaySummary());
    this.applier = Thread.ofPlatform().name("log-store-applier").daemon(true).unstarted(this::applyLoop);
    applier.start();
    this.flusher = Executors.newSingleThreadScheduledExecutor(r ->
        Thread.ofPlatform().name("log-store-flusher").daemon(true).unstarted(r));
    long flushMillis = config.flushInterval().toMillis();
    flusher.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Opens the WAL, replays what the store does not have yet (blocking until done), and starts accepting.
   *
   * @param onDurable told about every batch once it is durable (live tail); called on the WAL's thread, so it
   *     must not block
   */
  public static DurableLogIngest open(WalConfig walConfig, LogIngestConfig config, LogWriter writer,
      BiConsumer<String, List<LogStream>> onDurable, PrometheusRegistry registry) throws IOException {
    return new DurableLogIngest(walConfig, config, writer, onDurable, registry);
  }

  @Override
  public CompletableFuture<Void> accept(String tenant, List<LogStream> streams) {
    long bytes = 0;
    long lines = 0;
    for (LogStream stream : streams) {
      bytes += stream.lineBytes();
      lines += stream.entries().size();
    }
    if (lines == 0) {
      return CompletableFuture.completedFuture(null);
    }
    if (!accepting) {
      metrics.rejected("shutting_down", bytes);
      return CompletableFuture.failedFuture(
          new IngestRejectedException("server is shutting down", config.retryAfter()));
    }
    int needed = (int) Math.min(maxPermits, Math.max(1, (bytes + PERMIT_BYTES - 1) / PERMIT_BYTES));
    if (!permits.tryAcquire(needed)) {
      metrics.rejected("queue_full", bytes);
      return CompletableFuture.failedFuture(new IngestRejectedException("log ingest queue is full ("
          + config.maxQueuedBytes() + " bytes of lines waiting for the log store)", config.retryAfter()));
    }
    byte[] payload;
    try {
      payload = LogWalCodec.encode(tenant, streams);
    } catch (RuntimeException e) {
      permits.release(needed);
      return CompletableFuture.failedFuture(e);
    }
    long lineCount = lines;
    return wal.append(payload)
        .thenAccept(sequence -> {
          toStore.add(new DurableBatch(sequence, tenant, streams, needed, lineCount));
          notifyDurable(tenant, streams);
        })
        .whenComplete((ignored, failure) -> {
          if (failure != null) {
            permits.release(needed);
          }
        });
  }

  private void notifyDurable(String tenant, List<LogStream> streams) {
    try {
      onDurable.accept(tenant, streams);
    } catch (RuntimeException e) {
      log.warn("a durable-log listener failed; the lines are stored regardless", e);
    }
  }

  /** Line bytes acknowledged and not yet in the store (rounded up per batch to 1 KiB). */
  public long queuedBytes() {
    return (long) (maxPermits - permits.availablePermits()) * PERMIT_BYTES;
  }

  /** Writes everything acknowledged so far to the store and makes it durable there. For tests and shutdown. */
  public void flush() {
    awaitStored(wal.lastAcknowledgedSequence());
    writer.flush();
    wal.truncateThrough(writer.persistedSequence());
  }

  /** Stops accepting, stores and flushes every acknowledged line, and closes the WAL. */
  @Override
  public void close() {
    accepting = false;
    wal.close();
    awaitStored(wal.lastAcknowledgedSequence());
    applying = false;
    try {
      applier.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopFlusher();
    writer.flush();
    wal.truncateThrough(writer.persistedSequence());
  }

  private void awaitStored(long sequence) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (lastStoredSequence < sequence && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void applyLoop() {
    while (applying || !toStore.isEmpty()) {
      try {
        DurableBatch batch = toStore.poll(50, TimeUnit.MILLISECONDS);
        if (batch == null) {
          continue;
        }
        // One write per WAL record keeps the sequence ↔ content mapping exact for replay.
        writeWithRetry(batch);
        lastStoredSequence = batch.sequence();
        permits.release(batch.permits());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void writeWithRetry(DurableBatch batch) throws InterruptedException {
    long backoffMillis = 50;
    while (true) {
      long start = System.nanoTime();
      try {
        writer.write(batch.sequence(), batch.tenant(), batch.streams());
        metrics.storeWrite(System.nanoTime() - start, batch.lines());
        return;
      } catch (RuntimeException e) {
        metrics.storeWriteFailed();
        if (!applying) {
          log.error("log store write failed during shutdown; the lines stay in the WAL for the next start", e);
          return;
        }
        log.warn("log store write failed, retrying in {} ms", backoffMillis, e);
        Thread.sleep(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, 5_000);
      }
    }
  }

  /**
   * Lets a running periodic flush finish instead of interrupting it: an interrupt closes the store's file
   * channels mid-write, which the store only recovers from by reopening.
   */
  private void stopFlusher() {
    flusher.shutdown();
    try {
      if (!flusher.awaitTermination(60, TimeUnit.SECONDS)) {
        log.warn("a periodic flush is still running after 60 s; closing anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void flushQuietly() {
    try {
      writer.flush();
      wal.truncateThrough(writer.persistedSequence());
    } catch (RuntimeException e) {
      log.warn("periodic log store flush failed; the WAL keeps the lines", e);
    }
  }

  /**
   * Feeds WAL records back into the store while the log opens; the WAL hands over only records above the store's
   * persisted sequence.
   */
  private final class Replay implements java.util.function.Consumer<WalRecord> {
    private final long persisted;
    private long records;
    private long lines;

    Replay(long persisted) {
      this.persisted = persisted;
    }

    @Override
    public void accept(WalRecord record) {
      if (record.sequence() <= persisted) {
        return; // the WAL skips these already; never write a record twice
      }
      LogWalCodec.Batch batch;
      try {
        batch = LogWalCodec.decode(record.payload());
      } catch (RuntimeException e) {
        log.error("log WAL record {} could not be decoded and is skipped", record.sequence(), e);
        return;
      }
      writer.write(record.sequence(), batch.tenant(), batch.streams());
      records++;
      lines += batch.streams().stream().mapToLong(s -> s.entries().size()).sum();
    }

    void finish() {
      if (records > 0) {
        writer.flush();
        log.info("replayed {} log lines from {} write-ahead-log records above {}", lines, records, persisted);
      }
      wal.truncateThrough(writer.persistedSequence());
    }
  }
}
