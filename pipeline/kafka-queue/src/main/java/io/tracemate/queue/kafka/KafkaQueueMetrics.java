package io.tracemate.queue.kafka;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The Kafka queue's Prometheus metrics, one family set for both signals ({@code signal} label):
 *
 * <ul>
 *   <li>{@code tracemate_kafka_produced_records_total}, {@code tracemate_kafka_produced_items_total}: records and
 *       spans or lines Kafka acknowledged to a receiver;
 *   <li>{@code tracemate_kafka_produce_failures_total{reason}}: batches refused to a client because Kafka did not
 *       take them ({@code unavailable}: Kafka down, slow or the producer's buffer full; {@code too_large});
 *   <li>{@code tracemate_kafka_consumed_records_total}, {@code tracemate_kafka_undecodable_records_total};
 *   <li>{@code tracemate_kafka_replay_skipped_records_total}: records an ingester found already in its store after
 *       a restart and did not write again;
 *   <li>{@code tracemate_kafka_commits_total}, {@code tracemate_kafka_commit_failures_total},
 *       {@code tracemate_kafka_store_write_failures_total} (retried; the records stay in Kafka);
 *   <li>{@code tracemate_kafka_ingester_restarts_total}: an ingester's consumer given up after a failure and a new
 *       one joining the group (after a backoff);
 *   <li>{@code tracemate_kafka_consumer_lag_records{signal, partition}} ({@link KafkaLagMonitor}): what the
 *       ingesters have not yet stored and committed.
 * </ul>
 *
 * One instance per registry. Thread-safe.
 */
public final class KafkaQueueMetrics {
  final Counter producedRecords;
  final Counter producedItems;
  final Counter produceFailures;
  final Counter consumedRecords;
  final Counter undecodable;
  final Counter replaySkipped;
  final Counter commits;
  final Counter commitFailures;
  final Counter storeWriteFailures;
  final Counter ingesterRestarts;

  public KafkaQueueMetrics(PrometheusRegistry registry) {
    producedRecords =
        counter(registry, "tracemate_kafka_produced_records", "Records Kafka acknowledged");
    producedItems =
        counter(
            registry,
            "tracemate_kafka_produced_items",
            "Spans or log lines in records Kafka acknowledged");
    produceFailures =
        Counter.builder()
            .name("tracemate_kafka_produce_failures")
            .help("Batches refused to a client because Kafka did not take them")
            .labelNames("signal", "reason")
            .register(registry);
    consumedRecords =
        counter(registry, "tracemate_kafka_consumed_records", "Records an ingester consumed");
    undecodable =
        counter(
            registry,
            "tracemate_kafka_undecodable_records",
            "Records an ingester could not decode and skipped");
    replaySkipped =
        counter(
            registry,
            "tracemate_kafka_replay_skipped_records",
            "Records skipped after a restart because the store already held them");
    commits = counter(registry, "tracemate_kafka_commits", "Offset commits after a store flush");
    commitFailures =
        counter(
            registry,
            "tracemate_kafka_commit_failures",
            "Offset commits that failed (retried at the next interval)");
    storeWriteFailures =
        counter(
            registry,
            "tracemate_kafka_store_write_failures",
            "Store writes of an ingester that failed and were retried");
    ingesterRestarts =
        counter(
            registry,
            "tracemate_kafka_ingester_restarts",
            "Ingester consumers given up after a failure and replaced (after a backoff)");
  }

  private static Counter counter(PrometheusRegistry registry, String name, String help) {
    return Counter.builder().name(name).help(help).labelNames("signal").register(registry);
  }
}
