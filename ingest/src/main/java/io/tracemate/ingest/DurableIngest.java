package io.tracemate.ingest;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.codec.SpanBinaryCodec;
import io.tracemate.ingest.wal.WalConfig;
import io.tracemate.ingest.wal.WalRecord;
import io.tracemate.ingest.wal.WriteAheadLog;
import io.tracemate.model.Span;
import io.tracemate.storage.SpanWriter;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable ingest path: spans are appended to the write-ahead log (acknowledged once fsynced), then
 * written to the store by one applier thread; a periodic flush makes the store durable and lets the WAL
 * drop the segments it covers. On open, whatever the WAL still holds is replayed into the store first, so a
 * crash at any moment loses nothing that was acknowledged. Each flush records in the WAL's checkpoint the
 * sequence it covers ({@link WriteAheadLog#truncateThrough}), so the replay after a crash starts above it
 * rather than at the start of the segment being written; what is replayed twice anyway (records stored after
 * the last flush) is harmless thanks to the store's read-time de-duplication.
 *
 * <p>Memory is bounded by {@link IngestConfig#maxQueuedSpans()}: a permit per span is taken before the WAL
 * append and given back once the store has the span; without a permit the request is refused with
 * {@link IngestRejectedException}, which receivers turn into a retry hint for the client.
 *
 * <p>An optional {@link StoreStage} (tail sampling) sits between the applier and the store: every record,
 * live or replayed, goes through it with its WAL sequence, and only what it returns is written. Permits are
 * given back once the stage has taken the spans (what it buffers is bounded by its own limit), the stage is
 * ticked at least every 100 ms, and the WAL is truncated only below the oldest record the stage still holds,
 * so spans waiting for a sampling decision survive a crash and are replayed into the next stage. The
 * checkpoint is that same truncatable sequence, never merely the last stored one: a record whose trace the
 * stage still held when the store was flushed is replayed.
 */
public final class DurableIngest implements SpanSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DurableIngest.class);

  private final IngestConfig config;
  private final SpanWriter writer;
  private final Semaphore permits;
  private final BlockingQueue<DurableBatch> toStore = new LinkedBlockingQueue<>();
  private final IngestMetrics metrics;
  private final Thread applier;
  private final ScheduledExecutorService flusher;
  private final WriteAheadLog wal;
  private final StoreStage stage; // null: every span goes to the store
  private volatile boolean accepting = true;
  private volatile boolean applying = true;
  private volatile long lastStoredSequence;
  /** The WAL may be truncated through this: stored, and not held by the stage. Written by the applier. */
  private volatile long truncatableSequence;

  private record DurableBatch(long sequence, List<Span> spans, int permits) {}

  private DurableIngest(WalConfig walConfig, IngestConfig config, SpanWriter writer, PrometheusRegistry registry,
      StoreStage stage) throws IOException {
    this.config = config;
    this.writer = writer;
    this.stage = stage;
    this.permits = new Semaphore(config.maxQueuedSpans());
    WriteAheadLog[] walRef = new WriteAheadLog[1];
    this.metrics = new IngestMetrics(registry, this::queuedSpans, config.maxQueuedSpans(),
        () -> walRef[0] == null ? 0 : walRef[0].bytesOnDisk(),
        () -> walRef[0] == null ? 0 : walRef[0].segmentCount(),
        () -> walRef[0] == null ? 0 : walRef[0].checkpoint());
    Replay replay = new Replay();
    this.wal = WriteAheadLog.open(walConfig, metrics, replay);
    walRef[0] = wal;
    replay.finish();
    metrics.replayed(wal.replaySummary());
    this.applier = Thread.ofPlatform().name("store-applier").daemon(true).unstarted(this::applyLoop);
    applier.start();
    this.flusher = Executors.newSingleThreadScheduledExecutor(r ->
        Thread.ofPlatform().name("store-flusher").daemon(true).unstarted(r));
    long flushMillis = config.flushInterval().toMillis();
    flusher.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Opens the WAL, replays it into {@code writer} (blocking until done), and starts accepting spans.
   */
  public static DurableIngest open(WalConfig walConfig, IngestConfig config, SpanWriter writer,
      PrometheusRegistry registry) throws IOException {
    return new DurableIngest(walConfig, config, writer, registry, null);
  }

  /**
   * The same with {@code stage} between the WAL and the store: the replay goes through it too, so traces it
   * held when the process stopped are held again (their wait restarts now).
   */
  public static DurableIngest open(WalConfig walConfig, IngestConfig config, SpanWriter writer,
      PrometheusRegistry registry, StoreStage stage) throws IOException {
    return new DurableIngest(walConfig, config, writer, registry, java.util.Objects.requireNonNull(stage, "stage"));
  }

  @Override
  public CompletableFuture<Void> accept(List<Span> spans) {
    return accept(spans, () -> SpanBinaryCodec.encode(spans));
  }

  @Override
  public CompletableFuture<Void> accept(List<Span> spans, Supplier<byte[]> encoded) {
    if (spans.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (!accepting) {
      metrics.rejected("shutting_down", spans.size());
      return CompletableFuture.failedFuture(
          new IngestRejectedException("server is shutting down", config.retryAfter()));
    }
    int needed = Math.min(spans.size(), config.maxQueuedSpans());
    if (!permits.tryAcquire(needed)) {
      metrics.rejected("queue_full", spans.size());
      return CompletableFuture.failedFuture(new IngestRejectedException(
          "ingest queue is full (" + config.maxQueuedSpans() + " spans waiting for the store)",
          config.retryAfter()));
    }
    byte[] payload;
    try {
      payload = encoded.get();
    } catch (RuntimeException e) {
      permits.release(needed);
      return CompletableFuture.failedFuture(e);
    }
    return wal.append(payload)
        .thenAccept(sequence -> toStore.add(new DurableBatch(sequence, spans, needed)))
        .whenComplete((ignored, failure) -> {
          if (failure != null) {
            permits.release(needed);
          }
        });
  }

  /** Spans acknowledged and not yet in the store. */
  public long queuedSpans() {
    return config.maxQueuedSpans() - permits.availablePermits();
  }

  /**
   * Writes everything acknowledged so far to the store (or to the stage, which may hold it back) and makes
   * it durable there. For tests and shutdown.
   */
  public void flush() {
    awaitStored(wal.lastAcknowledgedSequence());
    long covered = truncatableSequence;
    writer.flush();
    wal.truncateThrough(covered);
  }

  /**
   * Stops accepting, makes every acknowledged span durable in the store, and closes the WAL. Spans the
   * store could not take stay in the WAL and are replayed on the next start.
   */
  @Override
  public void close() {
    accepting = false;
    wal.close();
    long covered = awaitStored(wal.lastAcknowledgedSequence());
    applying = false;
    try {
      applier.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopFlusher();
    writer.flush();
    wal.truncateThrough(Math.min(covered, truncatableSequence));
  }

  private long awaitStored(long sequence) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (lastStoredSequence < sequence && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return lastStoredSequence;
  }

  private void applyLoop() {
    List<DurableBatch> group = new ArrayList<>();
    List<Span> spans = new ArrayList<>();
    while (applying || !toStore.isEmpty()) {
      try {
        DurableBatch first = toStore.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (stage != null) {
            List<Span> due = tickStage();
            if (due.isEmpty() || writeWithRetry(due)) {
              publishTruncatable(); // not past spans the store did not take: the WAL keeps them
            }
          }
          continue;
        }
        group.add(first);
        int count = first.spans().size();
        while (count < config.storeBatchSpans() && toStore.peek() != null) {
          DurableBatch next = toStore.poll();
          group.add(next);
          count += next.spans().size();
        }
        for (DurableBatch batch : group) {
          spans.addAll(stage == null ? batch.spans() : offerToStage(batch));
        }
        if (stage != null) {
          spans.addAll(tickStage());
        }
        boolean written = spans.isEmpty() || writeWithRetry(spans);
        int released = 0;
        for (DurableBatch batch : group) {
          released += batch.permits();
        }
        long stored = group.get(group.size() - 1).sequence();
        if (written) {
          truncatableSequence = truncatableGiven(stored); // before lastStoredSequence, which flush() waits on
        }
        lastStoredSequence = stored;
        permits.release(released);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        group.clear();
        spans.clear();
      }
    }
  }

  /** A failing stage must not stop ingest nor lose spans: they go to the store unsampled. */
  private List<Span> offerToStage(DurableBatch batch) {
    try {
      return stage.offer(batch.sequence(), batch.spans());
    } catch (RuntimeException e) {
      log.error("store stage failed on WAL record {}; its {} spans are stored without sampling", batch.sequence(),
          batch.spans().size(), e);
      return batch.spans();
    }
  }

  private List<Span> tickStage() {
    try {
      return stage.tick();
    } catch (RuntimeException e) {
      log.error("store stage failed on tick", e);
      return List.of();
    }
  }

  /**
   * The spans are durable in the WAL, so a failing store is retried rather than losing them.
   *
   * @return false when the write was given up (store failing during shutdown)
   */
  private boolean writeWithRetry(List<Span> spans) throws InterruptedException {
    long backoffMillis = 50;
    while (true) {
      long start = System.nanoTime();
      try {
        writer.write(spans);
        metrics.storeWrite(System.nanoTime() - start);
        return true;
      } catch (RuntimeException e) {
        metrics.storeWriteFailed();
        if (!applying) {
          log.error("store write failed during shutdown; {} spans stay in the WAL for the next start",
              spans.size(), e);
          return false;
        }
        log.warn("store write of {} spans failed, retrying in {} ms", spans.size(), backoffMillis, e);
        Thread.sleep(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, 5_000);
      }
    }
  }

  /** The sequence through which the WAL may be truncated at the next flush (tests). */
  long truncatableSequence() {
    return truncatableSequence;
  }

  /** Applier thread (or the replay, before it starts): what the WAL may drop once the store is flushed. */
  private void publishTruncatable() {
    truncatableSequence = truncatableGiven(lastStoredSequence);
  }

  private long truncatableGiven(long storedSequence) {
    return stage == null ? storedSequence : Math.min(storedSequence, stage.oldestBufferedSequence() - 1);
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
      long covered = truncatableSequence;
      writer.flush();
      wal.truncateThrough(covered);
    } catch (RuntimeException e) {
      log.warn("periodic store flush failed; the WAL keeps the spans", e);
    }
  }

  /** Feeds WAL records to the store in store-sized batches while the log opens. */
  private final class Replay implements java.util.function.Consumer<WalRecord> {
    private final List<Span> pending = new ArrayList<>();
    private long spans;
    private long records;
    private long lastSequence;

    @Override
    public void accept(WalRecord record) {
      List<Span> decoded;
      try {
        decoded = SpanBinaryCodec.decode(record.payload());
      } catch (RuntimeException e) {
        log.error("WAL record {} could not be decoded and is skipped", record.sequence(), e);
        return;
      }
      pending.addAll(stage == null ? decoded : offerToStage(new DurableBatch(record.sequence(), decoded, 0)));
      records++;
      lastSequence = record.sequence();
      if (pending.size() >= config.storeBatchSpans()) {
        drain();
      }
    }

    void finish() {
      drain();
      if (records > 0) {
        writer.flush();
        lastStoredSequence = lastSequence;
        publishTruncatable();
        wal.truncateThrough(truncatableSequence);
        log.info("replayed {} write-ahead-log records above {}: {} spans stored{}", records,
            wal.replaySummary().appliedThrough(), spans,
            stage == null ? "" : ", the rest held by the store stage or dropped by it");
      }
    }

    private void drain() {
      if (!pending.isEmpty()) {
        writer.write(List.copyOf(pending));
        spans += pending.size();
        pending.clear();
      }
    }
  }
}
