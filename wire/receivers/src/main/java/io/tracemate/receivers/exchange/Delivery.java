package io.tracemate.receivers.exchange;

import io.tracemate.component.Batch;
import io.tracemate.component.BatchConsumer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step the HTTP and the gRPC exchange share once a request is decoded and checked: the signal's {@link Intake}
 * admits a batch, the consumer makes it durable or refuses it, and the intake counts how that ended. Thread-safe.
 *
 * @param <S> the receiver's decoded and checked request
 * @param <B> the batch handed to the consumer
 */
final class Delivery<S, B extends Batch> {
  private static final Logger log = LoggerFactory.getLogger(Delivery.class);

  private final String receiver;
  private final String items;
  private final Intake<S, B> intake;
  private final BatchConsumer<B> consumer;

  /**
   * @param receiver names the receiver (and transport) in the log
   * @param items what the batches hold, for messages: {@code spans}, {@code log records}
   */
  Delivery(String receiver, String items, Intake<S, B> intake, BatchConsumer<B> consumer) {
    this.receiver = receiver;
    this.items = items;
    this.intake = intake;
    this.consumer = consumer;
  }

  /**
   * Hands what {@code submission} admits to the consumer. Completes with null once that is durable (at once when
   * nothing was to be stored), or with the answer for the client when the consumer refused or failed, or did not
   * finish within {@code wait} (then the batch may still be stored: the client's retry can store it twice, as
   * after any export that timed out).
   */
  CompletableFuture<ErrorAnswer> deliver(S submission, Duration wait) {
    B batch = intake.admit(submission);
    if (batch == null) {
      return CompletableFuture.completedFuture(null);
    }
    return BatchConsumer.handOver(consumer, batch)
        .orTimeout(wait.toNanos(), TimeUnit.NANOSECONDS)
        .handle(
            (unused, failure) -> {
              if (failure == null) {
                intake.accepted(submission, batch);
                return null;
              }
              ErrorAnswer answer =
                  ErrorAnswer.unwrap(failure) instanceof TimeoutException
                      ? ErrorAnswer.ackTimeout(items, wait)
                      : ErrorAnswer.ofConsumerFailure(failure, items);
              intake.refused(submission, batch, answer);
              if (answer.status() == ErrorStatus.INTERNAL) {
                log.warn(
                    "{} receiver could not store {} {}",
                    receiver,
                    batch.items(),
                    items,
                    ErrorAnswer.unwrap(failure));
              }
              return answer;
            });
  }
}
