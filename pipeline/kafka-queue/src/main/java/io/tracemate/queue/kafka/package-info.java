/**
 * Kafka as the queue between receiving and storing, for deployments that run receivers and ingesters apart: the
 * second implementation of the durable path beside the local write-ahead log ({@code io.tracemate.queue}), plugged
 * with the same {@link io.tracemate.queue.QueueBinding} of each signal (payload codec: the WAL record format is the
 * Kafka record's value; weigher; store writer; stage).
 *
 * <ul>
 *   <li>{@link io.tracemate.queue.kafka.KafkaQueueProducer}, the receivers' consumer: a batch split into records
 *       by trace (spans: {@link io.tracemate.queue.kafka.SpanSplitter}, keyed by tenant and trace ID) or by stream
 *       (logs: {@link io.tracemate.queue.kafka.LogSplitter}, tenant and labels); acknowledged once Kafka
 *       acknowledged every record ({@code acks=all}, idempotent producer); refused as unavailable (503 /
 *       UNAVAILABLE with Retry-After) when Kafka does not take it in time.
 *   <li>{@link io.tracemate.queue.kafka.KafkaIngester}: consumes a signal's partitions in the ingesters' group,
 *       runs the stage and the store, commits offsets only once the store made the records durable; replays after
 *       a crash or rebalance without storing anything twice (see its documentation for how, per store).
 *   <li>{@link io.tracemate.queue.kafka.KafkaTopics} creates the topics at start;
 *       {@link io.tracemate.queue.kafka.KafkaHealth} says whether Kafka answers, for /ready;
 *       {@link io.tracemate.queue.kafka.KafkaSettings} is the {@code kafka} block of the configuration.
 * </ul>
 */
package io.tracemate.queue.kafka;
