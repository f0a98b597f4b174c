package io.tracemate.receivers.exchange;

import com.linecorp.armeria.common.ClosedSessionException;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.stream.AbortedStreamException;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import io.tracemate.codec.logs.PayloadTooLargeException;
import io.tracemate.component.Refusal;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * An error answer before a protocol phrases it: its {@link ErrorStatus}, a message that says what is wrong and
 * where, the delay after which to retry (retryable statuses only) and the {@code reason} label it is counted under.
 * The classification of every failure lives here, once for all receivers.
 *
 * @param retryAfter positive for retryable answers, else null
 */
public record ErrorAnswer(ErrorStatus status, String message, Duration retryAfter, String reason) {
  public static final String MALFORMED = "malformed";
  public static final String TOO_LARGE = "too_large";
  public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
  public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
  public static final String INFLIGHT_LIMIT = "inflight_limit";
  public static final String ABORTED = "aborted";
  public static final String BACKPRESSURE = "backpressure";
  public static final String INTERNAL_ERROR = "internal_error";
  public static final String ACK_TIMEOUT = "ack_timeout";

  /** What a client waits before retrying a batch the store was too slow to confirm. */
  static final Duration ACK_TIMEOUT_RETRY_AFTER = Duration.ofSeconds(2);

  public ErrorAnswer {
    Objects.requireNonNull(status, "status");
    message = message == null ? "" : message;
  }

  /** A permanent error. */
  public static ErrorAnswer of(ErrorStatus status, String reason, String message) {
    return new ErrorAnswer(status, message, null, reason);
  }

  /** {@link #retryAfter()} in whole seconds for {@code Retry-After}, at least 1; 0 when not retryable. */
  public long retryAfterSeconds() {
    if (retryAfter == null) {
      return 0;
    }
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }

  /**
   * How a request failed before its batch reached the consumer: reading, inflating or decoding the body, or the
   * request-body budget.
   */
  public static ErrorAnswer ofRequestFailure(Throwable failure) {
    Throwable cause = unwrap(failure);
    return switch (cause) {
      case BodyBudgetExhaustedException exhausted ->
          new ErrorAnswer(
              ErrorStatus.UNAVAILABLE,
              exhausted.getMessage(),
              exhausted.retryAfter(),
              INFLIGHT_LIMIT);
      case BodyTooLargeException tooLarge ->
          of(ErrorStatus.TOO_LARGE, TOO_LARGE, tooLarge.getMessage());
      case PayloadTooLargeException tooLarge ->
          of(ErrorStatus.TOO_LARGE, TOO_LARGE, tooLarge.getMessage());
      case ContentTooLargeException tooLarge ->
          of(
              ErrorStatus.TOO_LARGE,
              TOO_LARGE,
              "the request body exceeds the limit of " + tooLarge.maxContentLength() + " bytes");
      case MalformedRequestException malformed ->
          of(ErrorStatus.MALFORMED, malformed.reason(), malformed.getMessage());
      case Refusal refusal ->
          ofRefusal(refusal, "the request", refusal.kind().retryable() ? BACKPRESSURE : MALFORMED);
      default ->
          isAbort(cause)
              ? aborted()
              : of(ErrorStatus.INTERNAL, INTERNAL_ERROR, "request failed: " + cause);
    };
  }

  /**
   * How the consumer's failure to take a batch is answered.
   *
   * @param items what was refused, for the message: {@code spans}, {@code log entries}
   */
  public static ErrorAnswer ofConsumerFailure(Throwable failure, String items) {
    Throwable cause = unwrap(failure);
    if (cause instanceof Refusal refusal) {
      return ofRefusal(refusal, items, refusal.retryable() ? BACKPRESSURE : MALFORMED);
    }
    return of(ErrorStatus.INTERNAL, INTERNAL_ERROR, "could not store " + items + ": " + cause);
  }

  /** The consumer did not confirm {@code items} durable within {@code waited}: a slow disk or store. */
  static ErrorAnswer ackTimeout(String items, Duration waited) {
    return new ErrorAnswer(
        ErrorStatus.UNAVAILABLE,
        items
            + " not acknowledged, retry later: the store did not confirm them durable within "
            + waited.toMillis()
            + " ms",
        ACK_TIMEOUT_RETRY_AFTER,
        ACK_TIMEOUT);
  }

  private static ErrorAnswer ofRefusal(Refusal refusal, String items, String reason) {
    return switch (refusal.kind()) {
      case OVERLOADED, UNAVAILABLE ->
          new ErrorAnswer(
              ErrorStatus.UNAVAILABLE,
              items + " not accepted, retry later: " + refusal.getMessage(),
              refusal.retryAfter(),
              reason);
      case RATE_LIMITED ->
          new ErrorAnswer(
              ErrorStatus.RATE_LIMITED,
              items + " not accepted, retry later: " + refusal.getMessage(),
              refusal.retryAfter(),
              reason);
      case INVALID ->
          of(ErrorStatus.MALFORMED, reason, items + " not accepted: " + refusal.getMessage());
      case TOO_LARGE ->
          of(ErrorStatus.TOO_LARGE, TOO_LARGE, items + " not accepted: " + refusal.getMessage());
    };
  }

  private static boolean isAbort(Throwable cause) {
    return cause instanceof ClosedStreamException
        || cause instanceof AbortedStreamException
        || cause instanceof ClosedSessionException
        || cause instanceof CancellationException;
  }

  /** The client went away mid-upload (or while its body was being decoded); nobody reads this answer. */
  private static ErrorAnswer aborted() {
    return of(ErrorStatus.MALFORMED, ABORTED, "the request body was not received completely");
  }

  /** The failure inside the futures' wrappers. */
  public static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
