package io.tracemate.queue.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.SpanBatch;
import io.tracemate.kafka.broker.KafkaBroker;
import io.tracemate.queue.spans.SpanQueueBinding;
import io.tracemate.storage.memory.InMemoryStorage;
import io.tracemate.testing.TestSpans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafka.security} against a real broker whose only listener is SASL_PLAINTEXT with the PLAIN mechanism: with
 * the right login every client (admin, producer, ingester's consumer) works and spans go through; with a wrong
 * password nothing gets in, and the health check says the credentials were refused rather than that Kafka is down.
 */
class KafkaSecurityTest {
  private static final String USER = "tracemate";
  private static final String PASSWORD = "kafka-test-secret";

  private static KafkaBroker broker;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() throws Exception {
    broker =
        KafkaBroker.startWithSaslPlain(
            Files.createTempDirectory("kafka-sasl-"), Map.of(USER, PASSWORD));
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private static KafkaSettings settings(String password) {
    return new KafkaSettings(
        List.of(broker.bootstrapServers()),
        "sasl-",
        2,
        (short) 1,
        Map.of("delivery.timeout.ms", "3000", "request.timeout.ms", "1000"),
        new KafkaSettings.Consumer("sasl-group", Duration.ofMillis(300), Map.of()),
        new KafkaSecurity(
            "SASL_PLAINTEXT",
            "PLAIN",
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + USER
                + "\" password=\""
                + password
                + "\";",
            null,
            null));
  }

  @Test
  void withTheRightLoginSpansGoThroughAndWithAWrongOneNothingGetsIn() throws Exception {
    KafkaSettings good = settings(PASSWORD);
    try (Admin admin = KafkaClients.admin(good, "test")) {
      KafkaTopics.ensure(admin, good, Set.of("traces"), Duration.ofSeconds(60));
    }
    KafkaQueueMetrics metrics = new KafkaQueueMetrics(new PrometheusRegistry());
    InMemoryStorage store = new InMemoryStorage();
    Random random = new Random(5);
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(good, "test");
        KafkaHealth health = new KafkaHealth(good);
        KafkaIngester<SpanBatch> ingester =
            new KafkaIngester<>(good, SpanQueueBinding.of(store), 5000, dir, metrics).start()) {
      KafkaClients.awaitPartitions(producer, good.topic("traces"), Duration.ofSeconds(60));
      KafkaQueueProducer<SpanBatch> queue =
          new KafkaQueueProducer<>(
              "traces",
              good.topic("traces"),
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
      await(() -> health.problem() == null, "the health check logs in");
    }

    KafkaSettings wrong = settings("not-" + PASSWORD);
    try (KafkaHealth health = new KafkaHealth(wrong)) {
      await(
          () -> health.problem() != null && health.problem().contains("refused"),
          "the health check names the refused login");
      assertThat(health.problem())
          .contains("Kafka at " + broker.bootstrapServers() + " refused Tracemate's credentials");
    }
    try (Admin admin = KafkaClients.admin(wrong, "test")) {
      assertThatThrownBy(
              () -> KafkaTopics.ensure(admin, wrong, Set.of("logs"), Duration.ofSeconds(3)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("could not be reached");
    }
  }

  @Test
  void aSecurityMistakeIsNamedByItsKey() {
    assertThatThrownBy(() -> new KafkaSecurity("SASL_SSL", null, null, null, null))
        .hasMessageContaining("kafka.security.sasl.mechanism is required");
    assertThatThrownBy(() -> new KafkaSecurity("PLAINTEXT", "PLAIN", "x", null, null))
        .hasMessageContaining("kafka.security.sasl needs protocol SASL_PLAINTEXT or SASL_SSL");
    assertThatThrownBy(() -> new KafkaSecurity("SASL_PLAINTEXT", "SCRAM-SHA-512", null, null, null))
        .hasMessageContaining("needs jaas-config or jaas-config-file");
    assertThatThrownBy(() -> new KafkaSecurity("TLS", null, null, null, null))
        .hasMessageContaining("kafka.security.protocol must be");
    assertThatThrownBy(
            () ->
                new KafkaSettings(
                    List.of("127.0.0.1:9092"),
                    null,
                    1,
                    (short) 1,
                    Map.of("security.protocol", "SSL"),
                    null))
        .hasMessageContaining("kafka.producer.security.protocol is set in kafka.security");
    KafkaSecurity secret =
        new KafkaSecurity("SASL_PLAINTEXT", "PLAIN", "password=\"hunter2\"", null, null);
    assertThat(secret.toString()).doesNotContain("hunter2");
  }

  private static void await(java.util.function.BooleanSupplier condition, String what) {
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
