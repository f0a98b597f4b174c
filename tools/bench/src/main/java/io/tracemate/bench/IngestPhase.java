package io.tracemate.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends pre-encoded batches over one protocol from {@code connections} threads until the span
 * budget or the time budget is spent (whichever first), retrying throttled batches after the
 * server's Retry-After. Gives up early if the server keeps failing without accepting anything.
 *
 * <p>One instance per phase; {@link #run()} once.
 */
final class IngestPhase {

  private static final int MAX_ATTEMPTS = 8;
  private static final Duration RETRY_GRACE = Duration.ofSeconds(10);
  private static final int GIVE_UP_AFTER_FAILURES = 20;

  private final Protocol protocol;
  private final BatchSender sender;
  private final List<BatchTemplate> templates;
  private final IdAllocator ids;
  private final TraceIdSample sample;
  private final BenchOptions options;

  private final AtomicLong spansClaimed = new AtomicLong();
  private final LongAdder spansAccepted = new LongAdder();
  private final LongAdder spansRejected = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder failedRequests = new LongAdder();
  private final AtomicLong consecutiveFailures = new AtomicLong();
  private final AtomicBoolean gaveUp = new AtomicBoolean();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private final LatencyRecorder latencies = new LatencyRecorder(1_000_000);
  private long startNanos;
  private long deadlineNanos;

  IngestPhase(
      Protocol protocol,
      BatchSender sender,
      List<BatchTemplate> templates,
      IdAllocator ids,
      TraceIdSample sample,
      BenchOptions options) {
    this.protocol = protocol;
    this.sender = sender;
    this.templates = List.copyOf(templates);
    this.ids = ids;
    this.sample = sample;
    this.options = options;
  }

  BenchReport.Ingest run() throws InterruptedException {
    startNanos = System.nanoTime();
    deadlineNanos = startNanos + options.duration().toNanos();
    ExecutorService workers =
        Executors.newFixedThreadPool(
            options.connections(),
            runnable -> {
              Thread thread = new Thread(runnable, "bench-" + protocol.cliName());
              thread.setDaemon(true);
              return thread;
            });
    List<Runnable> tasks = new ArrayList<>();
    for (int worker = 0; worker < options.connections(); worker++) {
      int first = worker;
      tasks.add(() -> work(first));
    }
    tasks.forEach(workers::execute);
    workers.shutdown();
    long hardStop = options.duration().plus(RETRY_GRACE).plusSeconds(30).toMillis();
    if (!workers.awaitTermination(hardStop, TimeUnit.MILLISECONDS)) {
      workers.shutdownNow();
      firstError.compareAndSet(null, "workers did not stop in time");
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    long accepted = spansAccepted.sum();
    return new BenchReport.Ingest(
        protocol.cliName(),
        spansClaimed.get(),
        accepted,
        spansRejected.sum(),
        throttled.sum(),
        failedRequests.sum(),
        seconds,
        accepted / seconds,
        latencies.summary(),
        null,
        null,
        gaveUp.get()
            ? "gave up after " + GIVE_UP_AFTER_FAILURES + " failures in a row: " + firstError.get()
            : firstError.get());
  }

  private void work(int firstTemplate) {
    int next = firstTemplate;
    while (System.nanoTime() < deadlineNanos
        && !gaveUp.get()
        && !Thread.currentThread().isInterrupted()) {
      BatchTemplate template = templates.get(next++ % templates.size());
      long claimedBefore = claim(template.spans());
      if (claimedBefore < 0) {
        return;
      }
      if (!pace(claimedBefore)) {
        spansClaimed.addAndGet(-template.spans());
        return;
      }
      EncodedBatch batch = template.instantiate(ids, epochNanos());
      sendWithRetries(batch);
    }
  }

  /** Claims {@code spans} of the budget; returns the count claimed before, or -1 if it is spent. */
  private long claim(int spans) {
    while (true) {
      long claimed = spansClaimed.get();
      if (claimed + spans > options.maxSpans()) {
        return -1;
      }
      if (spansClaimed.compareAndSet(claimed, claimed + spans)) {
        return claimed;
      }
    }
  }

  /** With {@code --rate}, waits until this batch is due; false if it would be due after the deadline. */
  private boolean pace(long spansBefore) {
    if (options.rateSpansPerSecond() <= 0) {
      return true;
    }
    long due = startNanos + (long) (spansBefore / options.rateSpansPerSecond() * 1e9);
    if (due >= deadlineNanos) {
      return false;
    }
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
      if (Thread.currentThread().isInterrupted()) {
        return false;
      }
    }
    return true;
  }

  private void sendWithRetries(EncodedBatch batch) {
    long retryDeadline = deadlineNanos + RETRY_GRACE.toNanos();
    for (int attempt = 1; ; attempt++) {
      long sentAt = System.nanoTime();
      Attempt result = sender.send(batch);
      long latency = System.nanoTime() - sentAt;
      switch (result.outcome()) {
        case ACCEPTED -> {
          spansAccepted.add(result.acceptedSpans());
          spansRejected.add(result.rejectedSpans());
          latencies.record(latency);
          consecutiveFailures.set(0);
          sample.offer(batch);
          return;
        }
        case THROTTLED -> {
          throttled.increment();
          Duration wait =
              result.retryAfter() != null ? result.retryAfter() : Backoff.jittered(attempt, 5_000);
          if (attempt >= MAX_ATTEMPTS || System.nanoTime() + wait.toNanos() > retryDeadline) {
            fail(batch, "still throttled after " + attempt + " attempts: " + result.error());
            return;
          }
          LockSupport.parkNanos(wait.toNanos());
          if (Thread.currentThread().isInterrupted()) {
            fail(batch, "interrupted while backing off");
            return;
          }
        }
        case FAILED -> {
          fail(batch, result.error());
          // Do not spin on a dead server.
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
          return;
        }
      }
    }
  }

  private void fail(EncodedBatch batch, String error) {
    failedRequests.increment();
    spansRejected.add(batch.spans());
    firstError.compareAndSet(null, error);
    if (consecutiveFailures.incrementAndGet() >= GIVE_UP_AFTER_FAILURES
        && spansAccepted.sum() == 0) {
      gaveUp.set(true);
    }
  }

  private static long epochNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
