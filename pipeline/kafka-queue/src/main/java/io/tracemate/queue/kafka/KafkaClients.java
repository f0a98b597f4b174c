package io.tracemate.queue.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka clients Tracemate makes, with its defaults under the configuration's passthrough properties and the
 * properties its guarantees rest on over both; every client, admin clients included, with {@code kafka.security}'s
 * TLS and SASL. Stateless.
 */
public final class KafkaClients {
  /** The largest record a producer sends and a topic Tracemate creates takes: one trace's spans, one stream's lines. */
  static final int MAX_RECORD_BYTES = 16 << 20;

  private KafkaClients() {}

  /**
   * The receivers' producer: {@code acks=all} and idempotent (a retried send is not written twice); sends never
   * block ({@code max.block.ms=0}: a full buffer or unknown partitions refuse at once); {@code buffer.memory} bounds
   * what waits for Kafka (default 64 MiB) and {@code delivery.timeout.ms} how long (default 8 s, below the
   * OpenTelemetry SDK's 10 s export time-out, so the client hears 503 rather than giving up itself).
   */
  public static KafkaProducer<byte[], byte[]> producer(KafkaSettings settings, String clientId) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
    properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 8_000);
    properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
    properties.putAll(settings.producer());
    properties.putAll(settings.security().clientProperties());
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
    return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * An ingester's transactional producer, which publishes what it derived together with its offsets
   * ({@link CommitOutbox}): {@code acks=all}, idempotent, a commit waits at most 10 s for Kafka, and a transaction a
   * crash left open blocks the queriers' reads of the topic at most 30 s (or until the ingester restarts with the same
   * ID, which aborts it).
   */
  public static KafkaProducer<byte[], byte[]> transactionalProducer(
      KafkaSettings settings, String clientId, String transactionalId) {
    if (transactionalId == null || transactionalId.isBlank()) {
      throw new IllegalArgumentException("a transactional producer needs a transactional ID");
    }
    Map<String, Object> properties = new HashMap<>();
    properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
    properties.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
    properties.putAll(settings.producer());
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * A reader of a whole topic outside any consumer group (it is assigned every partition and seeks itself), seeing
   * committed transactions only: a querier's reader of the metrics the ingesters publish.
   */
  public static KafkaConsumer<byte[], byte[]> committedReader(
      KafkaSettings settings, String clientId) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    properties.putAll(settings.consumer().properties());
    properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
    properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(
        properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Waits until the producer knows {@code topic}'s partitions: with {@code max.block.ms=0} a send refuses until it
   * does, so a receiver asks before it opens its ports.
   *
   * @throws IllegalStateException when Kafka did not tell within {@code timeout}
   */
  public static void awaitPartitions(
      KafkaProducer<byte[], byte[]> producer, String topic, java.time.Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (!producer.partitionsFor(topic).isEmpty()) {
          return;
        }
      } catch (RuntimeException e) {
        last = e; // a metadata request is now on its way
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Kafka", e);
      }
    }
    throw new IllegalStateException(
        "Kafka did not tell the partitions of " + topic + " within " + timeout, last);
  }

  /**
   * An ingester's consumer: offsets committed by the ingester only (never automatically), a new group starting at
   * the earliest record (nothing a receiver acknowledged is skipped).
   */
  public static KafkaConsumer<byte[], byte[]> consumer(KafkaSettings settings, String clientId) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    properties.putAll(settings.consumer().properties());
    properties.putAll(settings.security().clientProperties());
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumer().groupId());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    return new KafkaConsumer<>(
        properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** For creating topics and watching the cluster; short time-outs, since it answers /ready. */
  public static Admin admin(KafkaSettings settings, String clientId) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    properties.putAll(settings.security().clientProperties());
    return Admin.create(properties);
  }
}
