package io.tracemate.demo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * An in-memory stand-in for a Kafka topic: assigns partitions and offsets and keeps a bounded
 * backlog for the one consumer group that reads in batches (analytics-service). The oldest records
 * are dropped when nobody polls, as retention would. Thread-safe.
 */
final class KafkaTopic {

  private static final int BACKLOG_LIMIT = 10_000;

  private final String name;
  private final long[] nextOffsets;
  private final Deque<KafkaMessage> batchConsumerBacklog = new ArrayDeque<>();

  KafkaTopic(String name, int partitions) {
    this.name = name;
    this.nextOffsets = new long[partitions];
  }

  String name() {
    return name;
  }

  synchronized KafkaMessage publish(
      String key, Map<String, String> headers, long publishedAtEpochNanos) {
    int partition = Math.floorMod(key.hashCode(), nextOffsets.length);
    KafkaMessage message =
        new KafkaMessage(
            name, partition, nextOffsets[partition]++, key, headers, publishedAtEpochNanos);
    if (batchConsumerBacklog.size() == BACKLOG_LIMIT) {
      batchConsumerBacklog.removeFirst();
    }
    batchConsumerBacklog.addLast(message);
    return message;
  }

  synchronized int backlog() {
    return batchConsumerBacklog.size();
  }

  /** Publish time of the oldest unconsumed record, or {@code Long.MAX_VALUE} when none. */
  synchronized long oldestPublishedAtEpochNanos() {
    KafkaMessage first = batchConsumerBacklog.peekFirst();
    return first == null ? Long.MAX_VALUE : first.publishedAtEpochNanos();
  }

  /**
   * Up to {@code maxRecords} records from the head of the backlog, stopping at the first one
   * published after {@code publishedBeforeEpochNanos} (a consumer cannot read the future).
   */
  synchronized List<KafkaMessage> poll(int maxRecords, long publishedBeforeEpochNanos) {
    List<KafkaMessage> records = new ArrayList<>(Math.min(maxRecords, batchConsumerBacklog.size()));
    while (records.size() < maxRecords
        && !batchConsumerBacklog.isEmpty()
        && batchConsumerBacklog.peekFirst().publishedAtEpochNanos() <= publishedBeforeEpochNanos) {
      records.add(batchConsumerBacklog.removeFirst());
    }
    return records;
  }
}
