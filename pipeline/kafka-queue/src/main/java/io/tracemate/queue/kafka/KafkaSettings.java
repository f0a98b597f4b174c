package io.tracemate.queue.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Where Kafka is and how Tracemate uses it, as the {@code kafka} block of the configuration holds it. Checked
 * here, so that an error names the key.
 *
 * @param brokers bootstrap servers, {@code host:port} each
 * @param topicPrefix topics are {@code <prefix>traces} and {@code <prefix>logs}
 * @param partitions partitions of each topic when Tracemate creates it (an existing topic is left as it is): the most
 *     ingesters that can share a signal's work
 * @param replicationFactor replicas of each partition when Tracemate creates the topic
 * @param producer Kafka producer properties passed through (Kafka's own names, e.g. {@code linger.ms},
 *     {@code compression.type}), over Tracemate's defaults; the ones the guarantees rest on are refused
 * @param consumer the ingesters' consumer group and their Kafka consumer properties
 * @param security TLS and SASL for every client ({@link KafkaSecurity#NONE}: plaintext, no authentication)
 */
public record KafkaSettings(
    List<String> brokers,
    String topicPrefix,
    int partitions,
    short replicationFactor,
    Map<String, String> producer,
    Consumer consumer,
    KafkaSecurity security) {

  /** Without TLS or SASL. */
  public KafkaSettings(
      List<String> brokers,
      String topicPrefix,
      int partitions,
      short replicationFactor,
      Map<String, String> producer,
      Consumer consumer) {
    this(brokers, topicPrefix, partitions, replicationFactor, producer, consumer, null);
  }

  public static final String DEFAULT_TOPIC_PREFIX = "tracemate-";
  public static final int DEFAULT_PARTITIONS = 8;
  public static final short DEFAULT_REPLICATION_FACTOR = 3;

  /**
   * Producer properties Tracemate sets and a configuration may not: acknowledging a client after Kafka acknowledged
   * rests on {@code acks=all} and the idempotent producer, the receivers' event loops on a send that never blocks,
   * the record format on the serializers.
   */
  static final Set<String> FIXED_PRODUCER_PROPERTIES =
      Set.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
          ProducerConfig.ACKS_CONFIG,
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          ProducerConfig.MAX_BLOCK_MS_CONFIG,
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.TRANSACTIONAL_ID_CONFIG,
          ProducerConfig.PARTITIONER_CLASS_CONFIG);

  /**
   * Consumer properties Tracemate sets: offsets are committed by the ingester once the store made the records
   * durable, never automatically; the group is {@code consumer.group-id}.
   */
  static final Set<String> FIXED_CONSUMER_PROPERTIES =
      Set.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
          ConsumerConfig.GROUP_ID_CONFIG,
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
          ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
          ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
          ConsumerConfig.ISOLATION_LEVEL_CONFIG);

  public KafkaSettings {
    Objects.requireNonNull(brokers, "kafka.brokers");
    if (brokers.isEmpty()) {
      throw new IllegalArgumentException("kafka.brokers must name at least one host:port");
    }
    for (String broker : brokers) {
      int colon = broker == null ? -1 : broker.lastIndexOf(':');
      if (colon <= 0 || colon == broker.length() - 1) {
        throw new IllegalArgumentException(
            "kafka.brokers: '" + broker + "' is not host:port (e.g. kafka-0.kafka:9092)");
      }
    }
    brokers = List.copyOf(brokers);
    topicPrefix = topicPrefix == null ? DEFAULT_TOPIC_PREFIX : topicPrefix;
    if (!topicPrefix.matches("[a-zA-Z0-9._-]*") || topicPrefix.length() > 200) {
      throw new IllegalArgumentException(
          "kafka.topic-prefix may hold letters, digits, '.', '_' and '-' only (Kafka's topic names), got '"
              + topicPrefix
              + "'");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("kafka.partitions must be at least 1, got " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "kafka.replication-factor must be at least 1, got " + replicationFactor);
    }
    producer =
        checked(
            "kafka.producer", producer, ProducerConfig.configNames(), FIXED_PRODUCER_PROPERTIES);
    consumer = consumer == null ? Consumer.DEFAULTS : consumer;
    security = security == null ? KafkaSecurity.NONE : security;
    checked(
        "kafka.consumer",
        consumer.properties(),
        ConsumerConfig.configNames(),
        FIXED_CONSUMER_PROPERTIES);
  }

  /** The topic of {@code signal} ({@code traces}, {@code logs}). */
  public String topic(String signal) {
    return topicPrefix + signal;
  }

  /** {@code bootstrap.servers}. */
  String bootstrapServers() {
    return String.join(",", brokers);
  }

  private static Map<String, String> checked(
      String block, Map<String, String> properties, Set<String> known, Set<String> fixed) {
    if (properties == null) {
      return Map.of();
    }
    for (String name : properties.keySet()) {
      if (KafkaSecurity.TYPED_PROPERTIES.contains(name)) {
        throw new IllegalArgumentException(
            block
                + "."
                + name
                + " is set in kafka.security (protocol, sasl, ssl), for every client alike");
      }
      if (fixed.contains(name)) {
        throw new IllegalArgumentException(
            block + "." + name + " is set by Tracemate and cannot be changed (" + why(name) + ")");
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            block + "." + name + " is not a property of Kafka's " + block.substring(6) + " client");
      }
    }
    return Map.copyOf(new TreeMap<>(properties));
  }

  private static String why(String name) {
    return switch (name) {
      case ProducerConfig.ACKS_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG ->
          "a client is acknowledged only once every replica in sync has the record";
      case ProducerConfig.MAX_BLOCK_MS_CONFIG -> "receivers never block their event loops";
      case ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG ->
          "offsets are committed once the store made the records durable";
      case ConsumerConfig.GROUP_ID_CONFIG -> "set it with kafka.consumer.group-id";
      case ProducerConfig.BOOTSTRAP_SERVERS_CONFIG -> "set it with kafka.brokers";
      default -> "the record format and the guarantees rest on it";
    };
  }

  /**
   * The ingesters' side.
   *
   * @param groupId the consumer group every ingester of one deployment shares (default {@code tracemate-ingester})
   * @param commitInterval how often an ingester makes the store durable and then commits the offsets it covers: the
   *     most a crashed ingester's successor reads again (default 5s)
   * @param properties Kafka consumer properties passed through (Kafka's own names)
   */
  public record Consumer(String groupId, Duration commitInterval, Map<String, String> properties) {
    public static final Consumer DEFAULTS = new Consumer(null, null, null);

    public Consumer {
      groupId = groupId == null ? "tracemate-ingester" : groupId;
      if (groupId.isBlank()) {
        throw new IllegalArgumentException("kafka.consumer.group-id must not be empty");
      }
      commitInterval = commitInterval == null ? Duration.ofSeconds(5) : commitInterval;
      if (commitInterval.isNegative() || commitInterval.isZero()) {
        throw new IllegalArgumentException(
            "kafka.consumer.commit-interval must be positive, got " + commitInterval);
      }
      properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
  }
}
