package io.tracemate.server.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracemate.queue.kafka.KafkaSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code kafka} block: Kafka between the receivers and the ingesters (absent: none, the local write-ahead log).
 * Tracemate's keys are kebab-case (snake_case accepted); {@code producer} and {@code consumer} also take Kafka's
 * own client property names, passed through where safe.
 *
 * @param brokers bootstrap servers, {@code host:port} each
 * @param topicPrefix topics are {@code <prefix>traces} and {@code <prefix>logs} (default {@code tracemate-})
 * @param partitions partitions of each topic Tracemate creates (default 8)
 * @param replicationFactor replicas of each partition of a topic Tracemate creates (default 3)
 * @param producer Kafka producer properties (e.g. {@code linger.ms}, {@code compression.type})
 * @param consumer {@code group-id}, {@code commit-interval} and Kafka consumer properties
 */
public record KafkaSection(
    @JsonProperty("brokers") List<String> brokers,
    @JsonProperty("topic-prefix") @JsonAlias("topic_prefix") String topicPrefix,
    @JsonProperty("partitions") Integer partitions,
    @JsonProperty("replication-factor") @JsonAlias("replication_factor") Integer replicationFactor,
    @JsonProperty("producer") Map<String, String> producer,
    @JsonProperty("consumer") ConsumerSection consumer) {

  /** The module's settings, checked (an error names the key). */
  public KafkaSettings settings() {
    if (replicationFactor != null && replicationFactor > Short.MAX_VALUE) {
      throw new IllegalArgumentException(
          "kafka.replication-factor is at most " + Short.MAX_VALUE + ", got " + replicationFactor);
    }
    return new KafkaSettings(
        brokers == null ? List.of() : brokers,
        topicPrefix,
        partitions == null ? KafkaSettings.DEFAULT_PARTITIONS : partitions,
        replicationFactor == null
            ? KafkaSettings.DEFAULT_REPLICATION_FACTOR
            : replicationFactor.shortValue(),
        producer,
        consumer == null
            ? KafkaSettings.Consumer.DEFAULTS
            : new KafkaSettings.Consumer(
                consumer.groupId, consumer.commitInterval, consumer.properties));
  }

  /** {@code kafka.consumer}: two keys of Tracemate's, and Kafka consumer properties by their own names. */
  public static final class ConsumerSection {
    private String groupId;
    private Duration commitInterval;
    private final Map<String, String> properties = new LinkedHashMap<>();

    @JsonCreator
    public ConsumerSection() {}

    @JsonProperty("group-id")
    @JsonAlias("group_id")
    void groupId(String value) {
      this.groupId = value;
    }

    @JsonProperty("commit-interval")
    @JsonAlias("commit_interval")
    void commitInterval(Duration value) {
      this.commitInterval = value;
    }

    /** Kafka's names have dots ({@code max.poll.records}); a name without one is a typo of ours. */
    @JsonAnySetter
    void property(String name, Object value) {
      if (!name.contains(".")) {
        throw new IllegalArgumentException(
            "unknown key kafka.consumer."
                + name
                + " (Tracemate's keys: group-id, commit-interval; Kafka's consumer properties have dots)");
      }
      properties.put(name, String.valueOf(value));
    }
  }
}
