package io.tracemate.queue.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.kafka.broker.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafka.security} with TLS against a real broker whose only listener is SSL, its certificate made for this
 * test by the JDK's keytool (a self-signed key pair naming 127.0.0.1, exported as PEM): trusting that PEM, every
 * client works, the broker's host name checked; trusting only the JVM's CAs, the handshake fails and the health
 * check says so.
 */
class KafkaTlsTest {
  private static final String PASSWORD = "broker-keystore-secret";

  private static Path certificates;
  private static KafkaBroker broker;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() throws Exception {
    certificates = Files.createTempDirectory("kafka-tls-");
    Path keystore = certificates.resolve("broker.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "broker",
        "-keystore",
        keystore.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        certificates.resolve("ca.pem").toString());
    broker = KafkaBroker.startWithTls(certificates.resolve("broker"), keystore, PASSWORD);
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
    if (certificates != null) {
      try (var files = Files.walk(certificates)) {
        for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private static void keytool(String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
    assertThat(process.exitValue()).as("keytool: %s", output).isZero();
  }

  private static KafkaSettings settings(KafkaSecurity.Ssl ssl) {
    return new KafkaSettings(
        List.of(broker.bootstrapServers()),
        "tls-",
        2,
        (short) 1,
        Map.of("delivery.timeout.ms", "3000", "request.timeout.ms", "1000"),
        new KafkaSettings.Consumer("tls-group", Duration.ofMillis(300), Map.of()),
        new KafkaSecurity("SSL", null, null, ssl, null));
  }

  @Test
  void trustingTheBrokersCertificateSpansGoThroughAndTrustingOnlyTheJvmsCasNothingConnects()
      throws Exception {
    KafkaSettings trusting =
        settings(
            new KafkaSecurity.Ssl(
                certificates.resolve("ca.pem"), "PEM", null, null, null, null, null, true));
    try (Admin admin = KafkaClients.admin(trusting, "test")) {
      KafkaTopics.ensure(admin, trusting, Set.of("traces"), Duration.ofSeconds(60));
    }
    SpansThroughKafka.sendTenAndAwaitStored(trusting, dir, 7);

    KafkaSettings jvmTrustOnly = settings(null);
    try (KafkaHealth health = new KafkaHealth(jvmTrustOnly)) {
      SpansThroughKafka.await(
          () -> health.problem() != null && health.problem().contains("TLS handshake failed"),
          "the health check names the failed handshake");
    }
  }
}
