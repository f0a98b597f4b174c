package io.tracemate.bench.logs;

import io.tracemate.bench.LatencySummary;
import io.tracemate.bench.SharedMeasurements;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pushes the corpus as fast as the server acknowledges it: one generator thread cuts {@link CorpusBatches} into a
 * small queue, {@code connections} threads push from it, retrying throttled requests after {@code Retry-After}.
 * Stops when the corpus budget is sent or at the deadline. One instance per run; {@link #run} once.
 */
final class LogIngestPhase {

  private static final int MAX_ATTEMPTS = 30;
  private static final int GIVE_UP_AFTER_FAILURES = 20;
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** What the phase measured, and which sampled trace IDs are surely stored. */
  record Result(
      long linesAccepted,
      long lineBytesAccepted,
      long bodyBytesSent,
      long throttled,
      long failedRequests,
      double seconds,
      double feedWaitSeconds,
      long[] latencyNanos,
      String firstError,
      List<String> storedTraceIds) {}

  private final CorpusBatches batches;
  private final LokiPusher pusher;
  private final int connections;
  private final Duration duration;

  private final BlockingQueue<PushBatch> queue;
  private final AtomicBoolean generatorDone = new AtomicBoolean();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final LongAdder linesAccepted = new LongAdder();
  private final LongAdder lineBytesAccepted = new LongAdder();
  private final LongAdder bodyBytesSent = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder failedRequests = new LongAdder();
  private final LongAdder feedWaitNanos = new LongAdder();
  private final AtomicLong consecutiveFailures = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();

  /** Lowest sequence not acknowledged (failed, or generated and never sent). */
  private final AtomicLong firstUnacknowledged = new AtomicLong(Long.MAX_VALUE);

  private final long[] latencies;
  private final AtomicLong latencyCount = new AtomicLong();
  private final List<Integer> sampledAtSequence = new ArrayList<>();

  LogIngestPhase(CorpusBatches batches, LokiPusher pusher, int connections, Duration duration) {
    this.batches = batches;
    this.pusher = pusher;
    this.connections = connections;
    this.duration = duration;
    this.queue = new ArrayBlockingQueue<>(Math.max(2, connections * 2));
    this.latencies = new long[1_000_000];
  }

  Result run() throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    Thread generator =
        Thread.ofPlatform().name("bench-logs-corpus").daemon().start(() -> generate(deadline));
    List<Thread> senders = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      senders.add(
          Thread.ofPlatform().name("bench-logs-push-" + i).daemon().start(() -> send(deadline)));
    }
    for (Thread sender : senders) {
      sender.join();
    }
    stop.set(true);
    generator.interrupt();
    generator.join(TimeUnit.SECONDS.toMillis(10));
    double seconds = (System.nanoTime() - start) / 1e9;
    // Batches still queued were generated but never sent.
    PushBatch unsent;
    while ((unsent = queue.poll()) != null) {
      firstUnacknowledged.accumulateAndGet(unsent.sequence(), Math::min);
    }
    long[] samples = Arrays.copyOf(latencies, (int) Math.min(latencies.length, latencyCount.get()));
    return new Result(
        linesAccepted.sum(),
        lineBytesAccepted.sum(),
        bodyBytesSent.sum(),
        throttled.sum(),
        failedRequests.sum(),
        seconds,
        feedWaitNanos.sum() / 1e9,
        samples,
        firstError.get(),
        storedTraceIds());
  }

  private void generate(long deadline) {
    try {
      PushBatch batch;
      while (!stop.get() && System.nanoTime() < deadline && (batch = batches.next()) != null) {
        queue.put(batch);
        synchronized (sampledAtSequence) {
          sampledAtSequence.add(batch.sampledTraces());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      firstError.compareAndSet(null, "corpus generation failed: " + e);
    } finally {
      generatorDone.set(true);
    }
  }

  private void send(long deadline) {
    while (!stop.get() && System.nanoTime() < deadline) {
      long waitStart = System.nanoTime();
      PushBatch batch;
      try {
        batch = queue.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        return;
      }
      feedWaitNanos.add(System.nanoTime() - waitStart);
      if (batch == null) {
        if (generatorDone.get() && queue.isEmpty()) {
          return;
        }
        continue;
      }
      pushWithRetries(batch, deadline);
    }
  }

  private void pushWithRetries(PushBatch batch, long deadline) {
    for (int attempt = 1; ; attempt++) {
      long sentAt = System.nanoTime();
      LokiPusher.Outcome outcome = pusher.push(batch.body());
      long latency = System.nanoTime() - sentAt;
      bodyBytesSent.add(batch.body().length);
      switch (outcome.kind()) {
        case ACCEPTED -> {
          linesAccepted.add(batch.lines());
          lineBytesAccepted.add(batch.lineBytes());
          long slot = latencyCount.getAndIncrement();
          if (slot < latencies.length) {
            latencies[(int) slot] = latency;
          }
          consecutiveFailures.set(0);
          return;
        }
        case THROTTLED -> {
          throttled.increment();
          Duration wait =
              outcome.retryAfter() != null
                  ? outcome.retryAfter()
                  : SharedMeasurements.backoff(attempt, 2_000);
          // Past the deadline a throttled batch is not worth waiting for: the phase is over.
          if (attempt >= MAX_ATTEMPTS || System.nanoTime() + wait.toNanos() > deadline) {
            fail(batch, "still throttled after " + attempt + " attempts: " + outcome.error());
            return;
          }
          try {
            Thread.sleep(wait);
          } catch (InterruptedException e) {
            fail(batch, "interrupted while backing off");
            return;
          }
        }
        case FAILED -> {
          fail(batch, outcome.error());
          return;
        }
      }
    }
  }

  private void fail(PushBatch batch, String error) {
    failedRequests.increment();
    firstUnacknowledged.accumulateAndGet(batch.sequence(), Math::min);
    firstError.compareAndSet(null, error);
    if (consecutiveFailures.incrementAndGet() >= GIVE_UP_AFTER_FAILURES
        && linesAccepted.sum() == 0) {
      firstError.set(
          "gave up after " + GIVE_UP_AFTER_FAILURES + " failures in a row: " + firstError.get());
      stop.set(true);
    }
  }

  /**
   * Sampled trace IDs whose first line was in a batch before the first unacknowledged one, so the store has at
   * least that line.
   */
  private List<String> storedTraceIds() {
    List<String> sampled = batches.sampledTraceIds();
    long firstMissing = firstUnacknowledged.get();
    int usable;
    synchronized (sampledAtSequence) {
      if (sampledAtSequence.isEmpty() || firstMissing == 0) {
        usable = 0;
      } else if (firstMissing == Long.MAX_VALUE) {
        usable = sampledAtSequence.getLast();
      } else {
        usable =
            sampledAtSequence.get((int) Math.min(firstMissing - 1, sampledAtSequence.size() - 1));
      }
    }
    return sampled.subList(0, Math.min(usable, sampled.size()));
  }

  /** For the report: percentiles of the acknowledged requests. */
  static LatencySummary latency(Result result) {
    return SharedMeasurements.latencies(result.latencyNanos());
  }
}
