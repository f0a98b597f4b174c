package io.tracemate.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.SpanBatch;
import io.tracemate.model.Attribute;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.TraceId;
import io.tracemate.queue.spans.SpanHeadFeed;
import io.tracemate.queue.spans.SpanQueueBinding;
import io.tracemate.storage.SpanWriter;
import io.tracemate.storage.head.SpanHead;
import io.tracemate.storage.head.SpanHeadLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The span queue fills the span head before it acknowledges a batch, whatever the store is doing, and the head lets
 * go of it once the store shows it: after a refresh the store reports, or after a flush.
 */
class SpanHeadQueueTest {
  @TempDir Path dir;

  private final SpanHead head = new SpanHead(SpanHeadLimits.DEFAULTS);

  /** A store that refreshes on its own: every write that returned before its last "refresh" is visible. */
  static final class RefreshingWriter implements SpanWriter {
    final List<Span> spans = new CopyOnWriteArrayList<>();
    final AtomicInteger flushes = new AtomicInteger();
    volatile long visibleBefore = Long.MIN_VALUE;

    @Override
    public void write(TenantId tenant, List<Span> batch) {
      spans.addAll(batch);
    }

    @Override
    public void flush() {
      flushes.incrementAndGet();
    }

    void refresh() {
      visibleBefore = System.nanoTime();
    }

    @Override
    public long visibleBeforeNanos() {
      return visibleBefore;
    }
  }

  private DurableQueue<SpanBatch> open(SpanWriter writer) throws Exception {
    return DurableQueue.open(
        dir.resolve("wal"),
        new QueueSettings(10_000L, 1000L, Duration.ofHours(1), 64L << 20, 1L << 30),
        Duration.ofSeconds(2),
        SpanQueueBinding.of(writer).withFreshReads(new SpanHeadFeed(head, writer)),
        new QueueMetrics(new PrometheusRegistry()));
  }

  private static List<Span> trace(long number, int spans) {
    Resource resource = new Resource(List.of(Attribute.of("service.name", "svc")), 0);
    return java.util.stream.IntStream.range(0, spans)
        .mapToObj(
            i ->
                Span.builder()
                    .traceId(new TraceId(9, number))
                    .spanId(new SpanId(i + 1))
                    .name("op")
                    .startEpochNanos(1_000 + i)
                    .endEpochNanos(2_000 + i)
                    .resource(resource)
                    .build())
        .toList();
  }

  @Test
  void anAcknowledgedBatchIsInTheHeadThoughTheStoreHasNotGotItAndLeavesAfterTheFlush()
      throws Exception {
    SpanQueueTest.RecordingWriter writer = new SpanQueueTest.RecordingWriter();
    writer.gate = new CountDownLatch(1); // the applier is stuck in the store's write
    try (DurableQueue<SpanBatch> queue = open(writer)) {
      queue.consume(SpanBatch.of(TenantId.DEFAULT, trace(1, 3))).get(5, TimeUnit.SECONDS);

      assertThat(writer.spans).isEmpty();
      assertThat(head.trace(TenantId.DEFAULT, new TraceId(9, 1))).hasSize(3);
      assertThat(head.spans()).isEqualTo(3);

      writer.gate.countDown();
      queue.flush();
      assertThat(writer.spans).hasSize(3);
      assertThat(head.spans()).as("a flush made the store show it").isZero();
      assertThat(head.spansDroppedEarly()).isZero();
    }
  }

  @Test
  void aStoreThatRefreshesOnItsOwnEmptiesTheHeadWithoutAFlush() throws Exception {
    RefreshingWriter writer = new RefreshingWriter();
    try (DurableQueue<SpanBatch> queue = open(writer)) {
      queue.consume(SpanBatch.of(TenantId.DEFAULT, trace(2, 2))).get(5, TimeUnit.SECONDS);
      assertThat(head.trace(TenantId.DEFAULT, new TraceId(9, 2))).hasSize(2);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (writer.spans.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(writer.spans).hasSize(2);
      Thread.sleep(120); // the applier reports idle at least every 50 ms: no refresh yet, no change
      assertThat(head.spans()).as("stored but not yet shown: still in the head").isEqualTo(2);

      writer.refresh();
      while (head.spans() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(head.spans()).as("a refresh after the write made the store show it").isZero();
      assertThat(writer.flushes.get()).as("no flush was needed").isZero();
    }
  }
}
