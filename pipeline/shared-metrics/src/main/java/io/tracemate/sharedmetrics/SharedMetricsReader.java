package io.tracemate.sharedmetrics;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.red.RedSeriesStore;
import io.tracemate.red.SlotDelta;
import io.tracemate.servicegraph.ServiceNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A querier's side: reads the whole metrics topic from its beginning (every partition, committed transactions only,
 * no consumer group: every querier reads everything) and adds each record's slot deltas into the store of its tenant
 * and family, so every querier holds the sum over all ingesters, and a restarted one rebuilds it. A record it cannot
 * read is counted and skipped; a delta older than the store's retention is counted and dropped. New partitions of
 * the topic are picked up within a minute.
 *
 * <p>One thread owns the consumer; {@link #close()} from any thread.
 */
public final class SharedMetricsReader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SharedMetricsReader.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long PARTITION_CHECK_NANOS = Duration.ofMinutes(1).toNanos();

  /** Where a tenant's series of one family are kept. */
  @FunctionalInterface
  public interface StoreLookup {
    /** The store, made on first use; null when the family is off or the tenant cannot have one (tenant bound). */
    RedSeriesStore store(TenantId tenant, MetricsFamily family);
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final StoreLookup stores;
  private final BiConsumer<TenantId, ServiceNode> nodes;
  private final SharedMetricsMetrics metrics;
  private final Thread thread;
  private final Set<TopicPartition> assigned = new HashSet<>();
  private volatile boolean running = true;
  private volatile String problem = "reading the metrics topic from its beginning";
  private Map<TopicPartition, Long> endAtStart; // null once caught up
  private long nextPartitionCheck;
  private long lastMalformedLog;

  public SharedMetricsReader(
      KafkaConsumer<byte[], byte[]> consumer,
      String topic,
      StoreLookup stores,
      SharedMetricsMetrics metrics) {
    this(consumer, topic, stores, (tenant, node) -> {}, metrics);
  }

  /** @param nodes takes the service graph's services, for the tenant's graph */
  public SharedMetricsReader(
      KafkaConsumer<byte[], byte[]> consumer,
      String topic,
      StoreLookup stores,
      BiConsumer<TenantId, ServiceNode> nodes,
      SharedMetricsMetrics metrics) {
    this.nodes = nodes;
    this.consumer = consumer;
    this.topic = topic;
    this.stores = stores;
    this.metrics = metrics;
    this.thread =
        Thread.ofPlatform().name("metrics-topic-reader").daemon(true).unstarted(this::run);
  }

  public SharedMetricsReader start() {
    thread.start();
    return this;
  }

  /**
   * Null once what the topic held when the reader started has been applied and it keeps up; otherwise what it is
   * doing, for /ready (a querier answers RED with partial sums until then).
   */
  public String problem() {
    return problem;
  }

  private void run() {
    try {
      while (running) {
        try {
          if (System.nanoTime() - nextPartitionCheck >= 0) {
            assignNewPartitions();
          }
          if (assigned.isEmpty()) {
            Thread.sleep(POLL.toMillis()); // the topic has no partitions yet: nothing to poll
            continue;
          }
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            apply(record);
          }
          checkCaughtUp();
        } catch (org.apache.kafka.common.errors.InterruptException e) {
          return;
        } catch (RuntimeException e) {
          problem = "reading the metrics topic " + topic + " fails: " + e.getMessage();
          log.warn("reading the metrics topic {} failed; retrying in 1 s", topic, e);
          Thread.sleep(1_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void assignNewPartitions() {
    nextPartitionCheck = System.nanoTime() + PARTITION_CHECK_NANOS;
    List<PartitionInfo> infos = consumer.partitionsFor(topic);
    List<TopicPartition> added = new ArrayList<>();
    if (infos != null) {
      for (PartitionInfo info : infos) {
        TopicPartition partition = new TopicPartition(topic, info.partition());
        if (assigned.add(partition)) {
          added.add(partition);
        }
      }
    }
    if (added.isEmpty()) {
      if (assigned.isEmpty()) {
        nextPartitionCheck = System.nanoTime() + POLL.toNanos() * 10; // the topic is not there yet
      }
      return;
    }
    consumer.assign(List.copyOf(assigned));
    consumer.seekToBeginning(added);
    if (endAtStart == null && problem != null) {
      endAtStart = consumer.endOffsets(List.copyOf(assigned));
    } else if (endAtStart != null) {
      endAtStart.putAll(consumer.endOffsets(added));
    }
    log.info("reading the metrics topic {}: partitions {}", topic, added);
  }

  private void checkCaughtUp() {
    if (endAtStart == null) {
      return;
    }
    for (Map.Entry<TopicPartition, Long> end : endAtStart.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return;
      }
    }
    endAtStart = null;
    problem = null;
    log.info("caught up with the metrics topic {}", topic);
  }

  private void apply(ConsumerRecord<byte[], byte[]> record) {
    DeltaCodec.Decoded decoded;
    try {
      decoded = DeltaCodec.decode(record.value());
    } catch (IllegalArgumentException e) {
      malformed(record, e);
      return;
    }
    if (decoded.family() == null) {
      for (ServiceNode node : decoded.nodes()) {
        nodes.accept(decoded.tenant(), node);
      }
      metrics.read.inc();
      return;
    }
    RedSeriesStore store = stores.store(decoded.tenant(), decoded.family());
    if (store == null) {
      metrics.rejectedSlots.inc(decoded.slots().size());
      return;
    }
    for (SlotDelta slot : decoded.slots()) {
      try {
        if (!store.applyDelta(decoded.key(), slot)) {
          metrics.rejectedSlots.inc();
        }
      } catch (IllegalArgumentException e) {
        malformed(record, e);
        return; // the slots before it stay applied: each is a delta of its own
      }
    }
    metrics.read.inc();
  }

  /** Counted always; logged at most once a minute, so a topic full of garbage cannot flood the log. */
  private void malformed(ConsumerRecord<byte[], byte[]> record, IllegalArgumentException e) {
    metrics.malformed.inc();
    long now = System.nanoTime();
    if (lastMalformedLog == 0 || now - lastMalformedLog > PARTITION_CHECK_NANOS) {
      lastMalformedLog = now;
      log.warn(
          "skipping the record at {}-{} offset {} of the metrics topic: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
    }
  }

  /** Stops reading (within one poll, 100 ms) and closes the consumer. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
