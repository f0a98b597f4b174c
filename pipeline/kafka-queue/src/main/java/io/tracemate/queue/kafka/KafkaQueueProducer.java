package io.tracemate.queue.kafka;

import io.tracemate.component.Batch;
import io.tracemate.component.BatchConsumer;
import io.tracemate.component.Refusal;
import io.tracemate.queue.PayloadCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * The receivers' end of the Kafka queue: a batch is split into records by its {@link RecordSplitter} (a trace, a
 * stream), each encoded with the signal's payload codec (the local write-ahead log's record format), and the batch's
 * future completes once Kafka acknowledged every record ({@code acks=all}, idempotent producer). When Kafka does not
 * take one (down, too slow for {@code delivery.timeout.ms}, the producer's {@code buffer.memory} full) the batch is
 * refused as unavailable with the retry hint: the client hears 503 / UNAVAILABLE with {@code Retry-After} and is
 * acknowledged nothing. Records of that batch Kafka did take stay there; the client's retry sends them again, which
 * the stores take as they take a client's retry (spans de-duplicated by identity when read).
 *
 * <p>Thread-safe; {@link #consume} never blocks (the producer's {@code max.block.ms} is 0).
 */
public final class KafkaQueueProducer<B extends Batch> implements BatchConsumer<B> {
  private final String signal;
  private final String topic;
  private final Producer<byte[], byte[]> producer;
  private final PayloadCodec<B> codec;
  private final RecordSplitter<B> splitter;
  private final Duration retryAfter;
  private final KafkaQueueMetrics metrics;
  private volatile boolean accepting = true;

  public KafkaQueueProducer(
      String signal,
      String topic,
      Producer<byte[], byte[]> producer,
      PayloadCodec<B> codec,
      RecordSplitter<B> splitter,
      Duration retryAfter,
      KafkaQueueMetrics metrics) {
    this.signal = signal;
    this.topic = topic;
    this.producer = producer;
    this.codec = codec;
    this.splitter = splitter;
    this.retryAfter = retryAfter;
    this.metrics = metrics;
  }

  private record Part(byte[] key, byte[] value, int items) {}

  @Override
  public CompletableFuture<Void> consume(B batch) {
    if (batch.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (!accepting) {
      return CompletableFuture.failedFuture(
          Refusal.unavailable("server is shutting down", retryAfter));
    }
    List<Part> parts = new ArrayList<>();
    splitter.split(
        batch, (key, part) -> parts.add(new Part(key, codec.encode(part), part.items())));
    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    AtomicInteger remaining = new AtomicInteger(parts.size());
    for (Part part : parts) {
      try {
        producer.send(
            new ProducerRecord<>(topic, part.key(), part.value()),
            (metadata, failure) -> {
              if (failure != null) {
                refuse(acknowledged, failure);
              } else {
                metrics.producedRecords.labelValues(signal).inc();
                metrics.producedItems.labelValues(signal).inc(part.items());
                if (remaining.decrementAndGet() == 0) {
                  acknowledged.complete(null);
                }
              }
            });
      } catch (RuntimeException e) {
        // max.block.ms=0: no partition metadata yet, or the buffer is full; the producer may also
        // be closed.
        refuse(acknowledged, e);
        break;
      }
    }
    return acknowledged;
  }

  private void refuse(CompletableFuture<Void> acknowledged, Throwable failure) {
    boolean tooLarge = failure instanceof RecordTooLargeException;
    Refusal refusal =
        tooLarge
            ? Refusal.tooLarge(
                "one "
                    + (signal.equals("traces") ? "trace's spans" : "stream's lines")
                    + " in this request exceed the largest Kafka record ("
                    + failure.getMessage()
                    + ")")
            : Refusal.unavailable(
                "Kafka did not take the " + signal + " in time: " + failure.getMessage(),
                retryAfter);
    if (acknowledged.completeExceptionally(refusal)) {
      metrics.produceFailures.labelValues(signal, tooLarge ? "too_large" : "unavailable").inc();
    }
  }

  /** Refuses new batches; what was sent is flushed by the producer's own close. */
  @Override
  public void shutdown() {
    accepting = false;
  }
}
