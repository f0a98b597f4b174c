package io.tracemate.storage.lucene;

import static io.tracemate.testing.TestSpans.span;
import static io.tracemate.testing.TestSpans.spanId;
import static io.tracemate.testing.TestSpans.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.tck.SingleTenantReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dropping partitions while searches, trace reads and writes run: nothing fails, no trace shows partially. */
class RetentionUnderLoadTest {
  private static final long DAY_NANOS = Duration.ofDays(1).toNanos();
  private static final int DAYS = 6;
  private static final int TRACES_PER_DAY = 30;
  private static final int SPANS_PER_TRACE = 3;

  @TempDir Path dataDir;

  @Test
  void queriesInFlightSurviveRetention() throws Exception {
    Random random = new Random(7);
    long today = Math.floorDiv(System.currentTimeMillis() * 1_000_000L, DAY_NANOS) * DAY_NANOS;
    List<TraceId> traceIds = new ArrayList<>();
    try (LuceneStorage storage =
        LuceneStorage.open(
            LuceneStorageConfig.of(dataDir).withRefreshInterval(Duration.ofMillis(20)))) {
      for (int day = DAYS; day >= 1; day--) {
        List<Span> spans = new ArrayList<>();
        for (int t = 0; t < TRACES_PER_DAY; t++) {
          TraceId traceId = traceId(random);
          traceIds.add(traceId);
          spans.addAll(trace(random, traceId, today - day * DAY_NANOS + t * 1_000_000L));
        }
        storage.spanWriter().write(TenantId.DEFAULT, spans);
      }
      storage.spanWriter().flush();
      assertThat(storage.stats().partitions()).isEqualTo(DAYS);

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong reads = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<?>> workers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
          Random readerRandom = new Random(r);
          workers.add(
              pool.submit(
                  () -> {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (running.get() && System.nanoTime() < deadline) {
                      for (Trace trace :
                          new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT)
                              .findTraces(TraceQuery.builder().limit(50).build())) {
                        assertThat(trace.spans()).hasSize(SPANS_PER_TRACE);
                      }
                      TraceId traceId = traceIds.get(readerRandom.nextInt(traceIds.size()));
                      new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT)
                          .trace(traceId)
                          .ifPresent(trace -> assertThat(trace.spans()).hasSize(SPANS_PER_TRACE));
                      storage
                          .dependencyReader()
                          .dependencies(TenantScope.DEFAULT, Instant.EPOCH, Instant.now());
                      storage.stats();
                      reads.incrementAndGet();
                    }
                    return null;
                  }));
        }
        workers.add(
            pool.submit(
                () -> {
                  Random writerRandom = new Random(99);
                  for (int i = 0; i < 100 && running.get(); i++) {
                    storage
                        .spanWriter()
                        .write(
                            TenantId.DEFAULT,
                            trace(writerRandom, traceId(writerRandom), today + i * 1_000L));
                  }
                  return null;
                }));

        for (int day = DAYS; day >= 2; day--) {
          Thread.sleep(30);
          long cutoffNanos = today - (day - 1) * DAY_NANOS;
          assertThat(storage.enforceRetention(Instant.ofEpochSecond(cutoffNanos / 1_000_000_000L)))
              .isEqualTo(1);
        }
        Thread.sleep(30);
        running.set(false);
        for (Future<?> worker : workers) {
          worker.get(90, TimeUnit.SECONDS);
        }
      } finally {
        running.set(false);
        pool.shutdownNow();
      }

      storage.spanWriter().flush();
      assertThat(reads.get()).isPositive();
      assertThat(storage.stats().partitions()).isEqualTo(2); // yesterday and today
      assertThat(
              new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT)
                  .trace(traceIds.getFirst()))
          .isEmpty();
      assertThat(
              new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT)
                  .trace(traceIds.getLast()))
          .isPresent();
    }
    try (var files = java.nio.file.Files.list(dataDir.resolve(LuceneStorage.SPANS_DIR))) {
      assertThat(files.toList()).hasSize(2);
    }
  }

  private static List<Span> trace(Random random, TraceId traceId, long startNanos) {
    List<Span> spans = new ArrayList<>();
    SpanId parent = SpanId.NONE;
    for (int i = 0; i < SPANS_PER_TRACE; i++) {
      Span span =
          span(traceId, spanId(random), parent, "svc-" + i, "op", startNanos + i, 100).build();
      spans.add(span);
      parent = span.spanId();
    }
    return spans;
  }
}
