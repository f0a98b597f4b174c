package io.tracemate.queue;

import io.tracemate.component.Batch;
import io.tracemate.component.BatchConsumer;
import io.tracemate.component.DurableStage;
import io.tracemate.component.Refusal;
import io.tracemate.queue.wal.WalConfig;
import io.tracemate.queue.wal.WalRecord;
import io.tracemate.queue.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable path of one signal: batches are appended to the write-ahead log and acknowledged once fsynced, then
 * written to the store by one applier thread; a periodic flush makes the store durable and lets the log drop the
 * segments it covers. On open, whatever the log still holds above what was applied is replayed into the store
 * first, so a crash at any moment loses nothing that was acknowledged. What a signal plugs in (codec, weigher,
 * writer, stage, listener) is its {@link QueueBinding}; the queue itself knows no signal.
 *
 * <h2>Memory</h2>
 * Bounded twice: by {@link QueueSettings#maxQueued()} in the binding's unit (spans, line bytes), and by
 * {@link QueueSettings#maxQueuedBytes()} in bytes of heap as the binding's {@link Weigher#heapBytes} estimates them
 * (a count of spans does not bound memory: one span may carry a 60 MiB attribute). A batch takes permits of both
 * before the log append and gives them back once the store (or the stage) has it; without them it is refused with a
 * retryable {@link Refusal}, which receivers turn into a retry hint for the client. A batch larger than a bound is
 * taken when the queue is empty, so that no batch the receivers admit waits forever.
 *
 * <h2>Replay and truncation</h2>
 * Each flush records in the log's checkpoint the sequence it covers ({@link WriteAheadLog#truncateThrough}), so
 * the replay after a crash starts above it rather than at the start of the segment being written. A writer that
 * {@linkplain BatchWriter#keepsSequences() keeps sequences} (the log store) also tells the log at open which
 * records it already holds, and then gets one record per write with its sequence: exactly-once replay. Otherwise
 * (the span store) records are merged into store-sized writes, and what is replayed twice (records stored after
 * the last flush) is harmless thanks to the store's read-time de-duplication.
 *
 * <h2>Stage</h2>
 * An optional {@link DurableStage} (connectors, then tail sampling) sits between the applier and the store: every
 * record, live or replayed, goes through it with its sequence, and only what it returns is written. Permits are
 * given back once the stage has taken the batch (what it holds is bounded by its own limit), the stage is ticked at
 * least every 100 ms, and the log is truncated only below the oldest record the stage still holds, so batches
 * waiting for a sampling decision survive a crash and are replayed into the next stage. The checkpoint is that same
 * truncatable sequence, never merely the last stored one.
 *
 * <p>Thread-safe. {@link #consume} never blocks: it admits or refuses at once and completes on the log's thread.
 */
public final class DurableQueue<B extends Batch> implements BatchConsumer<B>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DurableQueue.class);

  /** The applier wakes at least this often to tick the stage. */
  private static final long IDLE_POLL_MILLIS = 50;

  /** Heap bytes one permit of the heap bound stands for, so that gigabytes fit a semaphore. */
  private static final long HEAP_PERMIT_BYTES = 1024;

  private final String signal;
  private final QueueSettings settings;
  private final Duration retryAfter;
  private final Weigher<B> weigher;
  private final PayloadCodec<B> codec;
  private final BatchWriter<B> writer;
  private final DurableStage<B> stage; // null: every batch goes to the store
  private final Consumer<B> onDurable; // null: nobody listens
  private final FreshReads<B> freshReads; // null: nobody serves reads ahead of the store
  private final Object storedMonitor = new Object();
  private final AtomicInteger storedWaiters = new AtomicInteger();
  private long reportedStored = -1; // applier thread
  private final long capacity;
  private final int maxPermits;
  private final Semaphore permits;
  private final long heapCapacity;
  private final int maxHeapPermits;
  private final Semaphore heapPermits;
  private final BlockingQueue<Queued<B>> toStore = new LinkedBlockingQueue<>();
  private final QueueMetrics.Bound metrics;
  private final WriteAheadLog wal;
  private final Thread applier;
  private final ScheduledExecutorService flusher;
  private volatile boolean accepting = true;
  private volatile boolean applying = true;
  private volatile long lastStoredSequence;

  /** The log may be truncated through this: stored, and not held by the stage. Written by the applier. */
  private volatile long truncatableSequence;

  private record Queued<B>(long sequence, B batch, long weight, int permits, int heapPermits) {}

  private DurableQueue(
      Path walDirectory,
      QueueSettings settings,
      Duration retryAfter,
      QueueBinding<B> binding,
      QueueMetrics metrics)
      throws IOException {
    this.signal = binding.signal();
    this.settings = settings.requireComplete();
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    this.weigher = binding.weigher();
    this.codec = binding.codec();
    this.writer = binding.writer();
    this.stage = binding.stage();
    this.onDurable = binding.onDurable();
    this.freshReads = binding.freshReads();
    if (stage != null && writer.keepsSequences()) {
      throw new IllegalArgumentException(
          signal
              + ": a durable stage may hold records back and release them later,"
              + " which a writer that keeps sequences cannot take");
    }
    this.capacity = settings.maxQueued();
    this.maxPermits =
        (int) Math.min(Integer.MAX_VALUE, Math.max(1, capacity / weigher.permitSize()));
    this.permits = new Semaphore(maxPermits);
    this.heapCapacity = settings.maxQueuedBytes();
    this.maxHeapPermits =
        (int) Math.min(Integer.MAX_VALUE, Math.max(1, heapCapacity / HEAP_PERMIT_BYTES));
    this.heapPermits = new Semaphore(maxHeapPermits);
    WriteAheadLog[] walRef = new WriteAheadLog[1];
    this.metrics =
        metrics.bind(
            signal,
            new QueueMetrics.Gauges() {
              @Override
              public long queued() {
                return queuedWeight();
              }

              @Override
              public long capacity() {
                return capacity;
              }

              @Override
              public long heapBytes() {
                return queuedHeapBytes();
              }

              @Override
              public long heapCapacity() {
                return heapCapacity;
              }

              @Override
              public long walBytes() {
                return walRef[0] == null ? 0 : walRef[0].bytesOnDisk();
              }

              @Override
              public long walSegments() {
                return walRef[0] == null ? 0 : walRef[0].segmentCount();
              }

              @Override
              public long walCheckpoint() {
                return walRef[0] == null ? 0 : walRef[0].checkpoint();
              }
            });
    long persisted = writer.keepsSequences() ? writer.persistedSequence() : 0;
    Replay replay = new Replay(persisted);
    this.wal =
        WriteAheadLog.open(
            new WalConfig(
                walDirectory, settings.walSegmentBytes(), WalConfig.DEFAULT_MAX_RECORD_BYTES),
            this.metrics,
            replay,
            persisted);
    walRef[0] = wal;
    replay.finish();
    this.metrics.replayed(wal.replaySummary());
    this.applier =
        Thread.ofPlatform().name(signal + "-store-applier").daemon(true).unstarted(this::applyLoop);
    applier.start();
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name(signal + "-store-flusher").daemon(true).unstarted(r));
    long flushMillis = settings.flushInterval().toMillis();
    flusher.scheduleWithFixedDelay(
        this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Opens the write-ahead log in {@code walDirectory}, replays what the store does not have yet into it (through
   * the stage, if any; blocking until done), and starts accepting batches.
   *
   * @param settings complete settings (see {@link QueueSettings#orDefaults})
   * @param retryAfter the delay suggested to refused clients
   * @param metrics the queue metrics of the registry the server exposes, shared by every queue
   */
  public static <B extends Batch> DurableQueue<B> open(
      Path walDirectory,
      QueueSettings settings,
      Duration retryAfter,
      QueueBinding<B> binding,
      QueueMetrics metrics)
      throws IOException {
    return new DurableQueue<>(walDirectory, settings, retryAfter, binding, metrics);
  }

  @Override
  public CompletableFuture<Void> consume(B batch) {
    if (batch.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    long weight = weigher.weigh(batch);
    if (!accepting) {
      metrics.refused("shutting_down", weight);
      return CompletableFuture.failedFuture(
          Refusal.unavailable("server is shutting down", retryAfter));
    }
    int needed = permitsFor(weight);
    if (!permits.tryAcquire(needed)) {
      metrics.refused("queue_full", weight);
      return CompletableFuture.failedFuture(
          Refusal.overloaded(
              signal
                  + " queue is full ("
                  + capacity
                  + " "
                  + weigher.unit()
                  + " waiting for the store)",
              retryAfter));
    }
    long heap = weigher.heapBytes(batch);
    int heapNeeded = heapPermitsFor(heap);
    if (!heapPermits.tryAcquire(heapNeeded)) {
      permits.release(needed);
      metrics.refused("memory_full", weight);
      return CompletableFuture.failedFuture(
          Refusal.overloaded(
              signal
                  + " queue is full ("
                  + heapCapacity
                  + " bytes of heap waiting for the store, max-queued-bytes; this batch holds about "
                  + heap
                  + ")",
              retryAfter));
    }
    byte[] payload;
    B retained;
    try {
      payload = codec.encode(batch);
      retained = codec.retained(batch);
    } catch (RuntimeException e) {
      permits.release(needed);
      heapPermits.release(heapNeeded);
      return CompletableFuture.failedFuture(e);
    }
    // One dependent stage: the batch joins the applier's queue (and the listener hears of it)
    // before the caller's future completes, so whoever saw the acknowledgement also finds the batch
    // in flush().
    CompletableFuture<Void> logged =
        wal.append(payload)
            .handle(
                (sequence, failure) -> {
                  if (failure != null) {
                    permits.release(needed);
                    heapPermits.release(heapNeeded);
                    Throwable cause =
                        failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    if (cause instanceof IOException) {
                      // A full or failing disk: nothing was acknowledged, and the client's retry
                      // may well succeed once space returns, so this is a retryable refusal
                      // (503 / UNAVAILABLE), not an internal error.
                      metrics.refused("wal_write_failed", weight);
                      throw Refusal.unavailable(
                          signal
                              + " write-ahead log could not make the batch durable ("
                              + cause.getMessage()
                              + "); nothing of it was acknowledged",
                          retryAfter);
                    }
                    throw failure instanceof CompletionException completion
                        ? completion
                        : new CompletionException(failure);
                  }
                  // Fresh reads first: the applier may store the batch (and report it stored)
                  // at once.
                  feedDurable(sequence, retained, heap);
                  toStore.add(new Queued<>(sequence, retained, weight, needed, heapNeeded));
                  notifyDurable(retained);
                  return null;
                });
    // The caller gets a copy: a receiver completes its future itself when the client's deadline
    // passes (orTimeout), and a stage already completed never runs its function, so handing out
    // `logged` let a late fsync skip the lines above: the batch, durable in the log, never reached
    // the store (and the checkpoint then passed it), and its place in the queue was never given
    // back, until the queue refused everything.
    return logged.copy();
  }

  private int permitsFor(long weight) {
    long size = weigher.permitSize();
    return (int) Math.min(maxPermits, Math.max(1, (weight + size - 1) / size));
  }

  /** At most all of them: a batch bigger than the bound still passes through an empty queue. */
  private int heapPermitsFor(long bytes) {
    return (int)
        Math.min(maxHeapPermits, Math.max(1, (bytes + HEAP_PERMIT_BYTES - 1) / HEAP_PERMIT_BYTES));
  }

  private void notifyDurable(B batch) {
    if (onDurable == null) {
      return;
    }
    try {
      onDurable.accept(batch);
    } catch (RuntimeException e) {
      log.warn("a {} on-durable listener failed; the batch is stored regardless", signal, e);
    }
  }

  private void feedDurable(long sequence, B batch, long heap) {
    if (freshReads == null) {
      return;
    }
    try {
      freshReads.durable(sequence, batch, heap);
    } catch (RuntimeException e) {
      log.warn("{} fresh reads failed on record {}; it is stored regardless", signal, sequence, e);
    }
  }

  /** Applier thread: tells fresh reads how far the store has everything (also while idle: the store refreshes). */
  private void feedStored() {
    if (freshReads == null) {
      return;
    }
    long through = truncatableSequence;
    try {
      freshReads.stored(through);
    } catch (RuntimeException e) {
      log.warn("{} fresh reads failed on stored records through {}", signal, through, e);
    }
    reportedStored = through;
  }

  private void feedFlushed(long covered) {
    if (freshReads == null) {
      return;
    }
    try {
      freshReads.flushed(covered);
    } catch (RuntimeException e) {
      log.warn("{} fresh reads failed on flushed records through {}", signal, covered, e);
    }
  }

  /**
   * Waits until every record acknowledged before this call has been handed to the store (or the stage), at most
   * {@code maxWait}: a read that follows it sees what its caller saw acknowledged, in a store whose writes are
   * visible once they return (the log store). Cheap when the applier keeps up: two volatile reads.
   *
   * @return false when it gave up waiting (the applier is that far behind, or the store is failing)
   */
  public boolean awaitAcknowledgedStored(Duration maxWait) throws InterruptedException {
    long target = wal.lastAcknowledgedSequence();
    if (lastStoredSequence >= target) {
      return true;
    }
    long deadline = System.nanoTime() + maxWait.toNanos();
    storedWaiters.incrementAndGet();
    try {
      synchronized (storedMonitor) {
        while (lastStoredSequence < target) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(storedMonitor, left);
        }
        return true;
      }
    } finally {
      storedWaiters.decrementAndGet();
    }
  }

  private void publishStored(long sequence) {
    lastStoredSequence = sequence;
    if (storedWaiters.get() > 0) {
      synchronized (storedMonitor) {
        storedMonitor.notifyAll();
      }
    }
  }

  /** What is acknowledged and not yet in the store (or the stage), in the binding's unit, rounded to permits. */
  public long queuedWeight() {
    return (long) (maxPermits - permits.availablePermits()) * weigher.permitSize();
  }

  /** The estimated heap of what is acknowledged and not yet in the store (or the stage), rounded to KiB. */
  public long queuedHeapBytes() {
    return (long) (maxHeapPermits - heapPermits.availablePermits()) * HEAP_PERMIT_BYTES;
  }

  /**
   * Writes everything acknowledged so far to the store (or to the stage, which may hold it back) and makes it
   * durable there. For tests and shutdown.
   */
  public void flush() {
    awaitStored(wal.lastAcknowledgedSequence());
    long covered = truncatableSequence;
    writer.flush();
    feedFlushed(covered);
    wal.truncateThrough(covered);
  }

  /**
   * Stops accepting, makes every acknowledged batch durable in the store, and closes the log. What the store could
   * not take (or the stage still holds) stays in the log and is replayed on the next start.
   */
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
    long covered = truncatableSequence;
    writer.flush();
    wal.truncateThrough(covered);
  }

  /** The component lifecycle's end: {@link #close()}. */
  @Override
  public void shutdown() {
    close();
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
    List<Queued<B>> group = new ArrayList<>();
    List<B> output = new ArrayList<>();
    while (applying || !toStore.isEmpty()) {
      try {
        Queued<B> first = toStore.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (stage != null) {
            addAllNonEmpty(output, tickStage());
            if (output.isEmpty() || writeWithRetry(lastStoredSequence, output)) {
              publishTruncatable(); // not past what the store did not take: the log keeps it
            }
          }
          feedStored();
          continue;
        }
        group.add(first);
        long weight = first.weight();
        while (weight < settings.storeBatch() && toStore.peek() != null) {
          Queued<B> next = toStore.poll();
          group.add(next);
          weight += next.weight();
        }
        boolean written =
            writer.keepsSequences() ? writeEach(group, output) : writeMerged(group, output);
        int released = 0;
        int heapReleased = 0;
        for (Queued<B> queued : group) {
          released += queued.permits();
          heapReleased += queued.heapPermits();
        }
        long stored = group.get(group.size() - 1).sequence();
        if (written) {
          truncatableSequence =
              truncatableGiven(stored); // before lastStoredSequence, which flush() waits on
        }
        publishStored(stored);
        permits.release(released);
        heapPermits.release(heapReleased);
        if (truncatableSequence != reportedStored) {
          feedStored();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        group.clear();
        output.clear();
      }
    }
  }

  /** Each record in its own write, with its sequence: the store then knows exactly which records it holds. */
  private boolean writeEach(List<Queued<B>> group, List<B> single) throws InterruptedException {
    for (Queued<B> queued : group) {
      single.clear();
      single.add(queued.batch());
      if (!writeWithRetry(queued.sequence(), single)) {
        return false; // never store a later record past one given up: the store's sequence would
        // skip it
      }
    }
    return true;
  }

  /** The group's records, through the stage, in one write. */
  private boolean writeMerged(List<Queued<B>> group, List<B> output) throws InterruptedException {
    for (Queued<B> queued : group) {
      if (stage == null) {
        addIfAny(output, queued.batch());
      } else {
        addAllNonEmpty(output, offerToStage(queued.sequence(), queued.batch()));
      }
    }
    if (stage != null) {
      addAllNonEmpty(output, tickStage());
    }
    return output.isEmpty() || writeWithRetry(group.get(group.size() - 1).sequence(), output);
  }

  private static <B extends Batch> void addIfAny(List<B> output, B batch) {
    if (batch != null && !batch.isEmpty()) {
      output.add(batch);
    }
  }

  private static <B extends Batch> void addAllNonEmpty(List<B> output, List<B> batches) {
    for (B batch : batches) {
      addIfAny(output, batch);
    }
  }

  /** A failing stage must not stop the queue nor lose data: the record goes to the store as it is. */
  private List<B> offerToStage(long sequence, B batch) {
    try {
      return stage.offer(sequence, batch);
    } catch (RuntimeException e) {
      log.error(
          "{} stage failed on write-ahead-log record {}; its {} items are stored as they are",
          signal,
          sequence,
          batch.items(),
          e);
      return List.of(batch);
    }
  }

  private List<B> tickStage() {
    try {
      return stage.tick();
    } catch (RuntimeException e) {
      log.error("{} stage failed on tick", signal, e);
      return List.of();
    }
  }

  /**
   * The batches are durable in the log, so a failing store is retried rather than losing them.
   *
   * @return false when the write was given up (store failing during shutdown)
   */
  private boolean writeWithRetry(long sequence, List<B> batches) throws InterruptedException {
    long backoffMillis = 50;
    while (true) {
      long start = System.nanoTime();
      try {
        writer.write(sequence, batches);
        metrics.stored(System.nanoTime() - start, batches);
        return true;
      } catch (RuntimeException e) {
        metrics.storeWriteFailed();
        if (!applying) {
          log.error(
              "{} store write failed during shutdown; the batches stay in the write-ahead log for the next"
                  + " start",
              signal,
              e);
          return false;
        }
        log.warn("{} store write failed, retrying in {} ms", signal, backoffMillis, e);
        Thread.sleep(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, 5_000);
      }
    }
  }

  /** The sequence through which the log may be truncated at the next flush (tests). */
  long truncatableSequence() {
    return truncatableSequence;
  }

  /** Applier thread (or the replay, before it starts): what the log may drop once the store is flushed. */
  private void publishTruncatable() {
    truncatableSequence = truncatableGiven(lastStoredSequence);
  }

  private long truncatableGiven(long storedSequence) {
    return stage == null
        ? storedSequence
        : Math.min(storedSequence, stage.oldestHeldSequence() - 1);
  }

  /**
   * Lets a running periodic flush finish instead of interrupting it: an interrupt closes the store's file
   * channels mid-write, which the store only recovers from by reopening.
   */
  private void stopFlusher() {
    flusher.shutdown();
    try {
      if (!flusher.awaitTermination(60, TimeUnit.SECONDS)) {
        log.warn("a periodic {} flush is still running after 60 s; closing anyway", signal);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void flushQuietly() {
    try {
      long covered = truncatableSequence;
      writer.flush();
      feedFlushed(covered);
      wal.truncateThrough(covered);
    } catch (RuntimeException e) {
      log.warn("periodic {} store flush failed; the write-ahead log keeps the batches", signal, e);
    }
  }

  /**
   * Feeds log records to the store while the log opens (through the stage, if any): store-sized merged writes, or
   * one write per record for a writer that keeps sequences. The log hands over only records above its checkpoint
   * and the writer's persisted sequence.
   */
  private final class Replay implements Consumer<WalRecord> {
    private final long persisted;
    private final List<B> pending = new ArrayList<>();
    private long pendingWeight;
    private long records;
    private long items;
    private long lastSequence;

    Replay(long persisted) {
      this.persisted = persisted;
    }

    @Override
    public void accept(WalRecord record) {
      if (record.sequence() <= persisted) {
        return; // the log skips these already; never write a record twice
      }
      B batch;
      try {
        batch = codec.decode(record.payload());
      } catch (RuntimeException e) {
        log.error(
            "{} write-ahead-log record {} could not be decoded and is skipped",
            signal,
            record.sequence(),
            e);
        return;
      }
      records++;
      lastSequence = record.sequence();
      if (writer.keepsSequences()) {
        writer.write(record.sequence(), List.of(batch));
        items += batch.items();
        return;
      }
      List<B> out = stage == null ? List.of(batch) : offerToStage(record.sequence(), batch);
      for (B stored : out) {
        if (stored != null && !stored.isEmpty()) {
          pending.add(stored);
          pendingWeight += weigher.weigh(stored);
        }
      }
      if (pendingWeight >= settings.storeBatch()) {
        drain();
      }
    }

    void finish() {
      drain();
      lastStoredSequence = Math.max(wal.replaySummary().appliedThrough(), lastSequence);
      if (records > 0) {
        writer.flush();
        log.info(
            "replayed {} write-ahead-log records of {} above {}: {} items stored{}",
            records,
            signal,
            wal.replaySummary().appliedThrough(),
            items,
            stage == null ? "" : ", the rest held by the stage or dropped by it");
      }
      publishTruncatable();
      wal.truncateThrough(truncatableSequence);
    }

    private void drain() {
      if (!pending.isEmpty()) {
        writer.write(lastSequence, pending);
        for (B batch : pending) {
          items += batch.items();
        }
        pending.clear();
        pendingWeight = 0;
      }
    }
  }
}
