package io.tracemate.server.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracemate.queue.kafka.KafkaSecurity;
import io.tracemate.queue.kafka.KafkaSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * @param security TLS and SASL of every Kafka client ({@code protocol}, {@code sasl}, {@code ssl}); none by default
 */
public record KafkaSection(
    @JsonProperty("brokers") List<String> brokers,
    @JsonProperty("topic-prefix") @JsonAlias("topic_prefix") String topicPrefix,
    @JsonProperty("partitions") Integer partitions,
    @JsonProperty("replication-factor") @JsonAlias("replication_factor") Integer replicationFactor,
    @JsonProperty("producer") Map<String, String> producer,
    @JsonProperty("consumer") ConsumerSection consumer,
    @JsonProperty("security") SecuritySection security) {

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
                consumer.groupId, consumer.commitInterval, consumer.properties),
        security == null ? KafkaSecurity.NONE : security.settings());
  }

  /**
   * {@code kafka.security}: Kafka's {@code security.protocol}; {@code sasl} with {@code mechanism} and the login
   * module as {@code jaas-config} or, better, {@code jaas-config-file} (a mounted secret: the password stays out of
   * the config file); {@code ssl} with trust and key stores; {@code properties}, further {@code ssl.*} /
   * {@code sasl.*} client properties by Kafka's names.
   */
  public record SecuritySection(
      @JsonProperty("protocol") String protocol,
      @JsonProperty("sasl") SaslSection sasl,
      @JsonProperty("ssl") SslSection ssl,
      @JsonProperty("properties") Map<String, String> properties) {

    KafkaSecurity settings() {
      String jaas = null;
      if (sasl != null) {
        if (sasl.jaasConfig != null && sasl.jaasConfigFile != null) {
          throw new IllegalArgumentException(
              "kafka.security.sasl: give jaas-config or jaas-config-file, not both");
        }
        jaas = sasl.jaasConfig;
        if (sasl.jaasConfigFile != null) {
          try {
            jaas = Files.readString(sasl.jaasConfigFile).strip();
          } catch (IOException e) {
            throw new IllegalArgumentException(
                "kafka.security.sasl.jaas-config-file: cannot read "
                    + sasl.jaasConfigFile
                    + ": "
                    + e.getMessage(),
                e);
          }
        }
      }
      return new KafkaSecurity(
          protocol,
          sasl == null ? null : sasl.mechanism,
          jaas,
          ssl == null
              ? null
              : new KafkaSecurity.Ssl(
                  ssl.truststore,
                  ssl.truststoreType,
                  ssl.truststorePassword,
                  ssl.keystore,
                  ssl.keystoreType,
                  ssl.keystorePassword,
                  ssl.keyPassword,
                  ssl.verifyHostname),
          properties);
    }
  }

  /** {@code kafka.security.sasl}. */
  public record SaslSection(
      @JsonProperty("mechanism") String mechanism,
      @JsonProperty("jaas-config") @JsonAlias("jaas_config") String jaasConfig,
      @JsonProperty("jaas-config-file") @JsonAlias("jaas_config_file") Path jaasConfigFile) {}

  /** {@code kafka.security.ssl}. */
  public record SslSection(
      @JsonProperty("truststore") Path truststore,
      @JsonProperty("truststore-type") @JsonAlias("truststore_type") String truststoreType,
      @JsonProperty("truststore-password") @JsonAlias("truststore_password")
          String truststorePassword,
      @JsonProperty("keystore") Path keystore,
      @JsonProperty("keystore-type") @JsonAlias("keystore_type") String keystoreType,
      @JsonProperty("keystore-password") @JsonAlias("keystore_password") String keystorePassword,
      @JsonProperty("key-password") @JsonAlias("key_password") String keyPassword,
      @JsonProperty("verify-hostname") @JsonAlias("verify_hostname") Boolean verifyHostname) {}

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
