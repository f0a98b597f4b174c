package io.tracemate.queue.kafka;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.SpanBatch;
import io.tracemate.queue.spans.SpanQueueBinding;
import io.tracemate.storage.memory.InMemoryStorage;
import io.tracemate.testing.TestSpans;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;

/** For the tests of a secured cluster: spans sent through a receiver's producer and stored by an ingester. */
final class SpansThroughKafka {
  private SpansThroughKafka() {}

  /**
   * Sends ten spans, each acknowledged, through the traces topic of {@code settings}' cluster and waits until an
   * ingester (its ledger in {@code dir}) has stored all ten.
   */
  static void sendTenAndAwaitStored(KafkaSettings settings, Path dir, long seed) throws Exception {
    KafkaQueueMetrics metrics = new KafkaQueueMetrics(new PrometheusRegistry());
    InMemoryStorage store = new InMemoryStorage();
    Random random = new Random(seed);
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(settings, "test");
        KafkaIngester<SpanBatch> ingester =
            new KafkaIngester<>(settings, SpanQueueBinding.of(store), 5000, dir, metrics).start()) {
      KafkaClients.awaitPartitions(producer, settings.topic("traces"), Duration.ofSeconds(60));
      KafkaQueueProducer<SpanBatch> queue =
          new KafkaQueueProducer<>(
              "traces",
              settings.topic("traces"),
              producer,
              SpanQueueBinding.codec(),
              SpanSplitter.INSTANCE,
              Duration.ofSeconds(1),
              metrics);
      for (int i = 0; i < 10; i++) {
        queue
            .consume(
                SpanBatch.of(
                    TenantId.DEFAULT,
                    List.of(
                        TestSpans.span(
                                TestSpans.traceId(random),
                                TestSpans.spanId(random),
                                null,
                                "svc",
                                "op",
                                System.currentTimeMillis() * 1_000_000L,
                                1_000)
                            .build())))
            .get(30, TimeUnit.SECONDS);
      }
      await(() -> store.stats().spanCount() == 10, "10 spans stored");
    }
  }

  /** Waits up to a minute for {@code condition}. */
  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
