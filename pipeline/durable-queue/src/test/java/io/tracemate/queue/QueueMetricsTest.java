package io.tracemate.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.LogBatch;
import io.tracemate.component.SpanBatch;
import io.tracemate.logs.LogWriter;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import io.tracemate.model.Attribute;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.TraceId;
import io.tracemate.queue.SpanQueueTest.RecordingWriter;
import io.tracemate.queue.logs.LogQueueBinding;
import io.tracemate.queue.spans.SpanQueueBinding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both signals' queues report into one family set, told apart by the signal label. */
class QueueMetricsTest {
  @TempDir Path dir;

  /** A log store that keeps nothing and remembers the sequence it was last given. */
  private static final class NullLogWriter implements LogWriter {
    private volatile long written;
    private volatile long persisted;

    @Override
    public void write(long walSequence, String tenant, List<LogStream> streams) {
      written = walSequence;
    }

    @Override
    public void flush() {
      persisted = written;
    }

    @Override
    public long persistedSequence() {
      return persisted;
    }
  }

  private static SpanBatch spans(int count) {
    Resource resource = new Resource(List.of(Attribute.of("service.name", "svc")), 0);
    return SpanBatch.of(
        TenantId.DEFAULT,
        java.util.stream.IntStream.range(0, count)
            .mapToObj(
                i ->
                    Span.builder()
                        .traceId(new TraceId(1, 2))
                        .spanId(new SpanId(i + 1))
                        .name("op")
                        .startEpochNanos(1_000)
                        .endEpochNanos(2_000)
                        .resource(resource)
                        .build())
            .toList());
  }

  private static LogBatch lines(int count) {
    return new LogBatch(
        "fake",
        List.of(
            new LogStream(
                LabelSet.of("app", "a"),
                java.util.stream.IntStream.range(0, count)
                    .mapToObj(i -> new LogEntry(1_000L + i, "x".repeat(100)))
                    .toList())));
  }

  @Test
  void everyQueueReportsUnderItsSignal() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    QueueMetrics metrics = new QueueMetrics(registry);
    RecordingWriter spanStore = new RecordingWriter();
    spanStore.gate =
        new java.util.concurrent.CountDownLatch(1); // the span store holds everything back
    try (DurableQueue<SpanBatch> traces =
            DurableQueue.open(
                dir.resolve("wal"),
                QueueSettings.TRACES.withMaxQueued(5),
                Duration.ofSeconds(1),
                SpanQueueBinding.of(spanStore),
                metrics);
        DurableQueue<LogBatch> logs =
            DurableQueue.open(
                dir.resolve("logs-wal"),
                QueueSettings.LOGS,
                Duration.ofSeconds(1),
                LogQueueBinding.of(new NullLogWriter()),
                metrics)) {
      traces.consume(spans(3)).get(5, TimeUnit.SECONDS);
      assertThat(traces.consume(spans(4))).as("3 of 5 spans queued").isCompletedExceptionally();
      logs.consume(lines(2)).get(5, TimeUnit.SECONDS);
      logs.flush();

      assertThat(TestMetrics.value(registry, "tracemate_queue_size", "traces")).isEqualTo(3);
      assertThat(TestMetrics.value(registry, "tracemate_queue_capacity", "traces")).isEqualTo(5);
      assertThat(TestMetrics.value(registry, "tracemate_queue_capacity", "logs"))
          .isEqualTo(256 << 20);
      assertThat(TestMetrics.value(registry, "tracemate_queue_size", "logs"))
          .as("the store has them")
          .isZero();
      assertThat(TestMetrics.value(registry, "tracemate_queue_stored_items_total", "logs"))
          .isEqualTo(2);
      assertThat(TestMetrics.value(registry, "tracemate_wal_records_total", "traces")).isEqualTo(1);
      assertThat(TestMetrics.value(registry, "tracemate_wal_records_total", "logs")).isEqualTo(1);
      assertThat(TestMetrics.value(registry, "tracemate_wal_checkpoint_sequence", "logs"))
          .isEqualTo(1);
      spanStore.gate.countDown();
    }
    assertThat(spanStore.spans).hasSize(3);
    assertThat(
            registry.scrape().stream()
                .filter(m -> m.getMetadata().getPrometheusName().equals("tracemate_queue_refused"))
                .findFirst()
                .orElseThrow()
                .getDataPoints())
        .singleElement()
        .satisfies(point -> assertThat(point.getLabels().get("reason")).isEqualTo("queue_full"));
  }

  @Test
  void aSignalRegistersOnceAndAStageNeedsAWriterThatMerges() throws Exception {
    QueueMetrics metrics = new QueueMetrics(new PrometheusRegistry());
    try (DurableQueue<LogBatch> logs =
        DurableQueue.open(
            dir.resolve("logs-wal"),
            QueueSettings.LOGS,
            Duration.ofSeconds(1),
            LogQueueBinding.of(new NullLogWriter()),
            metrics)) {
      assertThatThrownBy(
              () ->
                  DurableQueue.open(
                      dir.resolve("other"),
                      QueueSettings.LOGS,
                      Duration.ofSeconds(1),
                      LogQueueBinding.of(new NullLogWriter()),
                      metrics))
          .hasMessageContaining("logs queue is already registered");
    }
    assertThatThrownBy(
            () ->
                DurableQueue.open(
                    dir.resolve("staged"),
                    QueueSettings.LOGS,
                    Duration.ofSeconds(1),
                    LogQueueBinding.of(new NullLogWriter())
                        .withStage(new io.tracemate.component.ObservingStage<>(List.of(), null)),
                    new QueueMetrics(new PrometheusRegistry())))
        .hasMessageContaining("keeps sequences");
  }

  @Test
  void settingsNameTheKeyThatIsWrongAndFillInTheSignalsDefaults() {
    assertThatThrownBy(() -> new QueueSettings(0L, null, null, null, null))
        .hasMessageContaining("max-queued");
    assertThatThrownBy(() -> new QueueSettings(null, null, Duration.ZERO, null, null))
        .hasMessageContaining("flush-interval");
    assertThatThrownBy(() -> new QueueSettings(null, null, null, 100L, null))
        .hasMessageContaining("wal-segment-bytes");
    QueueSettings written = new QueueSettings(1000L, null, Duration.ofSeconds(2), null, null);
    assertThat(written.orDefaults(QueueSettings.TRACES))
        .isEqualTo(new QueueSettings(1000L, 5000L, Duration.ofSeconds(2), 64L << 20, 512L << 20));
  }
}
