package io.tracemate.queue.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.kafka.broker.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
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
    try (KafkaHealth health = new KafkaHealth(good)) {
      SpansThroughKafka.sendTenAndAwaitStored(good, dir, 5);
      SpansThroughKafka.await(() -> health.problem() == null, "the health check logs in");
    }

    KafkaSettings wrong = settings("not-" + PASSWORD);
    try (KafkaHealth health = new KafkaHealth(wrong)) {
      SpansThroughKafka.await(
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
}
