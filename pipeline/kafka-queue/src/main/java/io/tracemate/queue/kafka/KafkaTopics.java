package io.tracemate.queue.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates Tracemate's topics at start when they do not exist yet; an existing topic is left as it is. */
public final class KafkaTopics {
  private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);

  /**
   * The topic of what ingesters derive and queriers read (span metrics' and the service graph's RED deltas), kept
   * for the 24 h the RED series keep and an hour more: a querier that starts reads it from its beginning.
   */
  public static final String METRICS = "metrics";

  static final long METRICS_RETENTION_MILLIS = 25 * 3_600_000L;

  private KafkaTopics() {}

  private static Map<String, String> configs(String signal, KafkaSettings settings) {
    Map<String, String> configs = new java.util.HashMap<>();
    configs.put(
        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(KafkaClients.MAX_RECORD_BYTES));
    // Only a record every in-sync replica has is acknowledged; with one replica left a write is
    // refused rather than kept on one disk.
    configs.put(
        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
        Integer.toString(Math.min(2, settings.replicationFactor())));
    if (METRICS.equals(signal)) {
      configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(METRICS_RETENTION_MILLIS));
    }
    return configs;
  }

  /**
   * Makes sure the topics of {@code signals} exist, retrying until {@code timeout} (Kafka may still be starting).
   *
   * @throws IllegalStateException naming the brokers when Kafka could not be reached in time
   */
  public static void ensure(
      Admin admin, KafkaSettings settings, Set<String> signals, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        Set<String> existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (String signal : signals) {
          String topic = settings.topic(signal);
          if (!existing.contains(topic)) {
            missing.add(
                new NewTopic(topic, settings.partitions(), settings.replicationFactor())
                    .configs(configs(signal, settings)));
          }
        }
        if (!missing.isEmpty()) {
          try {
            admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
            log.info(
                "created Kafka topics {} ({} partitions, replication factor {})",
                missing.stream().map(NewTopic::name).toList(),
                settings.partitions(),
                settings.replicationFactor());
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
              throw e;
            }
          }
        }
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating the Kafka topics", e);
      } catch (ExecutionException | TimeoutException e) {
        last = e;
        log.warn("Kafka at {} not reachable yet: {}", settings.brokers(), String.valueOf(e));
        try {
          Thread.sleep(500);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while creating the Kafka topics", e);
        }
      }
    }
    throw new IllegalStateException(
        "Kafka at "
            + settings.brokers()
            + " could not be reached to create the topics within "
            + timeout
            + " (kafka.brokers)",
        last);
  }
}
