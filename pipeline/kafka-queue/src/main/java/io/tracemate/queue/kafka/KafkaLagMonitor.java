package io.tracemate.queue.kafka;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingesters' backlog, as {@code tracemate_kafka_consumer_lag_records{signal, partition}}: per partition of each
 * signal's topic, the records Kafka holds past the offset the ingesters' group committed, i.e. what receivers
 * acknowledged that no ingester has yet made durable in the store (and committed). Asked of the cluster every
 * {@value #PERIOD_SECONDS} s through the admin client rather than read from an ingester's consumer, so that it keeps
 * growing while an ingester is stuck on a store that is down (its consumer does not poll then), and so that any
 * process with the ingester role shows the whole group's. While Kafka does not answer, the series are absent:
 * unknown, not zero. Thread-safe.
 */
public final class KafkaLagMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaLagMonitor.class);
  private static final int PERIOD_SECONDS = 5;
  private static final long TIMEOUT_SECONDS = 4;

  private final Admin admin;
  private final String groupId;
  private final Map<String, String> signalOfTopic = new HashMap<>();
  private final ScheduledExecutorService checker;
  private volatile Map<String, Map<Integer, Long>> lag = Map.of();

  public KafkaLagMonitor(KafkaSettings settings, Set<String> signals, PrometheusRegistry registry) {
    this.admin = KafkaClients.admin(settings, "tracemate-lag");
    this.groupId = settings.consumer().groupId();
    for (String signal : signals) {
      signalOfTopic.put(settings.topic(signal), signal);
    }
    GaugeWithCallback.builder()
        .name("tracemate_kafka_consumer_lag_records")
        .help(
            "Records in a partition past the ingesters' committed offset: acknowledged, not yet stored and"
                + " committed")
        .labelNames("signal", "partition")
        .callback(
            cb ->
                lag.forEach(
                    (signal, partitions) ->
                        partitions.forEach(
                            (partition, records) ->
                                cb.call(records, signal, Integer.toString(partition)))))
        .register(registry);
    this.checker =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("kafka-lag").daemon(true).unstarted(r));
    checker.scheduleWithFixedDelay(this::check, 1, PERIOD_SECONDS, TimeUnit.SECONDS);
  }

  /** The last figures: signal → partition → records behind; empty while unknown. */
  public Map<String, Map<Integer, Long>> lag() {
    return lag;
  }

  private void check() {
    try {
      lag = read();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      lag = Map.of();
      log.debug("could not read the ingesters' lag: {}", e.toString());
    }
  }

  private Map<String, Map<Integer, Long>> read() throws Exception {
    Map<String, TopicDescription> topics =
        admin
            .describeTopics(signalOfTopic.keySet())
            .allTopicNames()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(groupId)
            .partitionsToOffsetAndMetadata()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    for (TopicDescription topic : topics.values()) {
      topic
          .partitions()
          .forEach(
              partition -> {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partition());
                latest.put(tp, OffsetSpec.latest());
                earliest.put(tp, OffsetSpec.earliest());
              });
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    // A partition the group never committed is read from its start (auto.offset.reset=earliest).
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
        admin.listOffsets(earliest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<String, Map<Integer, Long>> read = new TreeMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
      TopicPartition tp = end.getKey();
      long start = starts.get(tp).offset();
      OffsetAndMetadata commit = committed.get(tp);
      long from = commit == null ? start : Math.max(start, commit.offset());
      read.computeIfAbsent(signalOfTopic.get(tp.topic()), s -> new TreeMap<>())
          .put(tp.partition(), Math.max(0, end.getValue().offset() - from));
    }
    read.replaceAll((signal, partitions) -> Map.copyOf(partitions));
    return Map.copyOf(read);
  }

  @Override
  public void close() {
    checker.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }

  /** For a test or a log line: the total over every partition of {@code signal}, or -1 while unknown. */
  public long total(String signal) {
    Map<Integer, Long> partitions = lag.get(signal);
    return partitions == null ? -1 : partitions.values().stream().mapToLong(Long::longValue).sum();
  }
}
