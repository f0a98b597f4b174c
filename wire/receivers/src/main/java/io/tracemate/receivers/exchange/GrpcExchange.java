package io.tracemate.receivers.exchange;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.tracemate.component.Batch;
import io.tracemate.component.BatchConsumer;
import java.util.function.Function;

/**
 * The one gRPC exchange of every OTLP receiver (traces, logs): the message (decoded by gRPC within the limit
 * {@link GrpcReceiver#service} sets, and charged to the {@link RequestBodyBudget} as it arrived and as it inflated) is
 * checked by the receiver, handed to the consumer as a batch, and answered only once the consumer's future completes, with
 * the one status mapping ({@link ErrorAnswer}, {@link ErrorStatus}): OK with the export response (partial success
 * when something was refused), UNAVAILABLE or RESOURCE_EXHAUSTED with {@code RetryInfo} when retryable,
 * INVALID_ARGUMENT, INTERNAL. Thread-safe.
 *
 * @param <S> the receiver's decoded and checked request
 * @param <B> the batch handed to the consumer
 */
public final class GrpcExchange<S, B extends Batch> {
  private final String receiver;
  private final ReceiverMetrics metrics;
  private final Delivery<S, B> delivery;

  /**
   * @param receiver the {@code receiver} label and log name
   * @param items what the batches hold, for messages: {@code spans}, {@code log records}
   */
  public GrpcExchange(
      String receiver,
      String items,
      ReceiverMetrics metrics,
      Intake<S, B> intake,
      BatchConsumer<B> consumer) {
    this.receiver = receiver;
    this.metrics = metrics;
    this.delivery = new Delivery<>(receiver + " gRPC", items, intake, consumer);
  }

  /** Counts a call the request-body budget refused; see {@link GrpcReceiver#service}. */
  public void budgetRefused() {
    metrics.requestRejected(receiver, ErrorAnswer.INFLIGHT_LIMIT);
  }

  /** Refuses the whole call before anything is counted (an invalid tenant). */
  public void refuse(long startNanos, StreamObserver<?> responses, ErrorAnswer answer) {
    metrics.requestRejected(receiver, answer.reason());
    responses.onError(statusException(answer));
    metrics.observeDuration(receiver, startNanos);
  }

  /**
   * Hands what {@code submission} admits to the consumer and answers once that is durable.
   *
   * @param response the export response of a stored submission
   * @param refusal what a stored submission still answers as an error (logs: RESOURCE_EXHAUSTED when a rate limit
   *     refused entries), or null for none
   */
  public <M> void handle(
      long startNanos,
      S submission,
      StreamObserver<M> responses,
      Function<S, M> response,
      Function<S, ErrorAnswer> refusal) {
    delivery
        .deliver(submission, AckDeadline.remaining(ServiceRequestContext.currentOrNull()))
        .thenAccept(
            refused -> {
              if (refused == null) {
                finish(startNanos, submission, responses, response, refusal);
              } else {
                responses.onError(statusException(refused));
                metrics.observeDuration(receiver, startNanos);
              }
            });
  }

  private <M> void finish(
      long startNanos,
      S submission,
      StreamObserver<M> responses,
      Function<S, M> response,
      Function<S, ErrorAnswer> refusal) {
    ErrorAnswer refused = refusal.apply(submission);
    if (refused != null) {
      responses.onError(statusException(refused));
    } else {
      responses.onNext(response.apply(submission));
      responses.onCompleted();
    }
    metrics.observeDuration(receiver, startNanos);
  }

  /** The answer as gRPC sends it: its code, a trimmed message, and {@code RetryInfo} when retryable. */
  public static StatusRuntimeException statusException(ErrorAnswer answer) {
    if (answer.retryAfter() != null) {
      return GrpcReceiver.withRetryInfo(
          answer.status().grpc(), answer.message(), answer.retryAfter());
    }
    return Status.fromCodeValue(answer.status().grpc().getNumber())
        .withDescription(StatusMessages.clean(answer.message()))
        .asRuntimeException();
  }
}
