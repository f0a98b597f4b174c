package io.tracemate.queue.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.LogBatch;
import io.tracemate.component.Refusal;
import io.tracemate.component.SpanBatch;
import io.tracemate.kafka.broker.KafkaBrokerExtension;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import io.tracemate.logs.store.EmbeddedLogStore;
import io.tracemate.logs.store.EmbeddedLogStoreConfig;
import io.tracemate.model.Span;
import io.tracemate.model.TraceId;
import io.tracemate.queue.QueueBinding;
import io.tracemate.queue.logs.LogQueueBinding;
import io.tracemate.queue.spans.SpanQueueBinding;
import io.tracemate.storage.memory.InMemoryStorage;
import io.tracemate.testing.TestSpans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka queue against a real broker: receivers' producer, the topic, an ingester, a store. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaQueueTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  @TempDir Path dir;

  private final Random random = new Random(14);

  private KafkaSettings settings(String prefix) {
    return new KafkaSettings(
        List.of(kafka.bootstrapServers()),
        prefix,
        3,
        (short) 1,
        Map.of("delivery.timeout.ms", "3000", "request.timeout.ms", "1000"),
        new KafkaSettings.Consumer(prefix + "group", Duration.ofMillis(300), Map.of()));
  }

  private static void createTopics(KafkaSettings settings, String... signals) {
    try (Admin admin = KafkaClients.admin(settings, "test")) {
      KafkaTopics.ensure(admin, settings, Set.of(signals), Duration.ofSeconds(60));
    }
  }

  @Test
  @Order(1)
  void everySpanOfATraceLandsInOnePartitionAndIsStoredOnce() throws Exception {
    KafkaSettings settings = settings("spans-");
    createTopics(settings, "traces");
    KafkaQueueMetrics metrics = new KafkaQueueMetrics(new PrometheusRegistry());
    QueueBinding<SpanBatch> binding = SpanQueueBinding.of(new InMemoryStorage());
    List<TraceId> traces = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      traces.add(TestSpans.traceId(random));
    }
    List<Span> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(settings, "test")) {
      KafkaQueueProducer<SpanBatch> queue =
          new KafkaQueueProducer<>(
              "traces",
              settings.topic("traces"),
              producer,
              binding.codec(),
              SpanSplitter.INSTANCE,
              Duration.ofSeconds(1),
              metrics);
      KafkaClients.awaitPartitions(producer, settings.topic("traces"), Duration.ofSeconds(60));
      // Two requests, each with a span of every trace: a trace's spans arrive apart.
      for (int request = 0; request < 2; request++) {
        List<Span> spans = new ArrayList<>();
        for (TraceId trace : traces) {
          spans.add(
              TestSpans.span(
                      trace,
                      TestSpans.spanId(random),
                      null,
                      "svc",
                      "op",
                      System.currentTimeMillis() * 1_000_000L,
                      1_000)
                  .build());
        }
        queue.consume(SpanBatch.of(TenantId.parse("team-a"), spans)).get(30, TimeUnit.SECONDS);
        sent.addAll(spans);
      }
    }

    Map<TraceId, Set<Integer>> partitionsOfTrace = new HashMap<>();
    int records = 0;
    try (KafkaConsumer<byte[], byte[]> raw = KafkaClients.consumer(settings("spans-raw-"), "raw")) {
      raw.subscribe(List.of(settings.topic("traces")));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (records < 24 && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : raw.poll(Duration.ofMillis(200))) {
          SpanBatch batch = binding.codec().decode(record.value());
          assertThat(batch.tenant().value()).isEqualTo("team-a");
          assertThat(batch.spans().stream().map(Span::traceId).distinct()).hasSize(1);
          partitionsOfTrace
              .computeIfAbsent(batch.spans().getFirst().traceId(), t -> new java.util.HashSet<>())
              .add(record.partition());
          records++;
        }
      }
    }
    assertThat(records).isEqualTo(24);
    assertThat(partitionsOfTrace).hasSize(12);
    assertThat(partitionsOfTrace.values()).allSatisfy(p -> assertThat(p).hasSize(1));

    InMemoryStorage store = new InMemoryStorage();
    try (KafkaIngester<SpanBatch> ingester =
        new KafkaIngester<>(settings, SpanQueueBinding.of(store), 5000, dir, metrics).start()) {
      await(() -> store.stats().spanCount() >= sent.size(), "all spans stored");
    }
    assertThat(store.stats().spanCount()).isEqualTo(sent.size());
  }

  @Test
  @Order(2)
  void logLinesAreStoredExactlyOnceAcrossIngesterRestarts() throws Exception {
    KafkaSettings settings = settings("logs-");
    createTopics(settings, "logs");
    KafkaQueueMetrics metrics = new KafkaQueueMetrics(new PrometheusRegistry());
    Path storeDir = dir.resolve("logs");
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(settings, "test")) {
      KafkaClients.awaitPartitions(producer, settings.topic("logs"), Duration.ofSeconds(60));
      KafkaQueueProducer<LogBatch> queue =
          new KafkaQueueProducer<>(
              "logs",
              settings.topic("logs"),
              producer,
              LogQueueBinding.codec(),
              LogSplitter.INSTANCE,
              Duration.ofSeconds(1),
              metrics);
      send(queue, 0, 40);
      long stored = ingestUntil(settings, storeDir, metrics, 40 * 3);
      assertThat(stored).isEqualTo(40 * 3);
      // A restart reads on from the commit (or the store's own record of what it holds): nothing
      // twice.
      send(queue, 40, 60);
      stored = ingestUntil(settings, storeDir, metrics, 60 * 3);
      assertThat(stored).isEqualTo(60 * 3);
    }
  }

  @Test
  @Order(3)
  void withKafkaDownABatchIsRefusedAsUnavailableAndAcknowledgedOnlyOnceKafkaIsBack()
      throws Exception {
    KafkaSettings settings = settings("down-");
    createTopics(settings, "traces");
    KafkaQueueMetrics metrics = new KafkaQueueMetrics(new PrometheusRegistry());
    QueueBinding<SpanBatch> binding = SpanQueueBinding.of(new InMemoryStorage());
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(settings, "test")) {
      KafkaQueueProducer<SpanBatch> queue =
          new KafkaQueueProducer<>(
              "traces",
              settings.topic("traces"),
              producer,
              binding.codec(),
              SpanSplitter.INSTANCE,
              Duration.ofSeconds(2),
              metrics);
      KafkaClients.awaitPartitions(producer, settings.topic("traces"), Duration.ofSeconds(60));
      kafka.broker().kill();
      try {
        CompletableFuture<Void> refused = queue.consume(oneSpan());
        assertThatThrownBy(() -> refused.get(30, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOfSatisfying(
                Refusal.class,
                refusal -> {
                  assertThat(refusal.kind()).isEqualTo(Refusal.Kind.UNAVAILABLE);
                  assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(2));
                  assertThat(refusal.getMessage()).contains("Kafka did not take the traces");
                });
      } finally {
        kafka.broker().restart();
      }
      await(
          () -> {
            try {
              queue.consume(oneSpan()).get(30, TimeUnit.SECONDS);
              return true;
            } catch (Exception e) {
              return false;
            }
          },
          "Kafka takes spans again");
    }
  }

  /**
   * The ingester's offset ledger cannot be written (its disk fails; here a directory stands where its temporary
   * file goes): the failure escapes the ingester's round, which is restarted after a backoff, counted and reported
   * on /ready, rather than ending the ingester silently; once the disk is back, every line is stored exactly once,
   * also by a later ingester over the same store.
   */
  @Test
  @Order(4)
  void aFailureInTheIngestersLoopRestartsItAndNothingIsLostOrStoredTwice() throws Exception {
    KafkaSettings settings =
        new KafkaSettings(
            List.of(kafka.bootstrapServers()),
            "restart-",
            3,
            (short) 1,
            Map.of("delivery.timeout.ms", "3000", "request.timeout.ms", "1000"),
            new KafkaSettings.Consumer(
                "restart-group",
                Duration.ofMillis(300),
                Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000")));
    createTopics(settings, "logs");
    KafkaQueueMetrics metrics = new KafkaQueueMetrics(new PrometheusRegistry());
    Path storeDir = dir.resolve("logs");
    Path inTheWay = dir.resolve("kafka-logs.offsets.tmp"); // the ledger lives in the store's parent
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(settings, "test")) {
      KafkaClients.awaitPartitions(producer, settings.topic("logs"), Duration.ofSeconds(60));
      KafkaQueueProducer<LogBatch> queue =
          new KafkaQueueProducer<>(
              "logs",
              settings.topic("logs"),
              producer,
              LogQueueBinding.codec(),
              LogSplitter.INSTANCE,
              Duration.ofSeconds(1),
              metrics);
      try (EmbeddedLogStore store =
              EmbeddedLogStore.open(EmbeddedLogStoreConfig.defaults(storeDir));
          KafkaIngester<LogBatch> ingester =
              new KafkaIngester<>(
                      settings, LogQueueBinding.of(store.writer()), 1 << 20, dir, metrics)
                  .start()) {
        send(queue, 0, 20);
        await(() -> store.stats().entries() >= 60, "60 lines stored");
        Files.createDirectories(inTheWay.resolve("blocker"));
        send(queue, 20, 40);
        await(
            () -> metrics.ingesterRestarts.labelValues("logs").get() >= 2,
            "the ingester restarted twice");
        String problem = ingester.problem();
        assertThat(problem).contains("logs ingester restarting after").contains("cannot write");
        Files.delete(inTheWay.resolve("blocker"));
        Files.delete(inTheWay);
        await(() -> ingester.problem() == null, "the ingester recovered");
        send(queue, 40, 50);
        await(() -> store.stats().entries() >= 150, "150 lines stored");
        sleep(1_000); // a few more commit intervals: anything doubled would show
        assertThat(store.stats().entries()).isEqualTo(150);
      }
      assertThat(ingestUntil(settings, storeDir, metrics, 150)).isEqualTo(150);
    }
  }

  private SpanBatch oneSpan() {
    return SpanBatch.of(
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
                .build()));
  }

  /** Opens the store, runs an ingester until the store holds {@code expected} lines (or a minute), closes both. */
  private static long ingestUntil(
      KafkaSettings settings, Path storeDir, KafkaQueueMetrics metrics, long expected) {
    try (EmbeddedLogStore store =
        EmbeddedLogStore.open(EmbeddedLogStoreConfig.defaults(storeDir))) {
      try (KafkaIngester<LogBatch> ingester =
          new KafkaIngester<>(
                  settings,
                  LogQueueBinding.of(store.writer()),
                  1 << 20,
                  storeDir.getParent(),
                  metrics)
              .start()) {
        await(() -> store.stats().entries() >= expected, expected + " lines stored");
        // One more commit interval: anything doubled would show.
        sleep(1_000);
      }
      return store.stats().entries();
    }
  }

  /** Three streams per push, one line each. */
  private static void send(KafkaQueueProducer<LogBatch> queue, int from, int to) throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (int i = from; i < to; i++) {
      List<LogStream> streams = new ArrayList<>();
      for (String app : List.of("api", "db", "web")) {
        streams.add(
            new LogStream(
                LabelSet.of("app", app),
                List.of(new LogEntry(now + i, "line " + i + " of " + app))));
      }
      sent.add(queue.consume(new LogBatch("fake", streams)));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      sleep(100);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
