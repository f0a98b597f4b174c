package io.tracemate.component;

import java.time.Duration;
import java.util.Objects;

/**
 * A consumer's decision not to take a batch, as the failure of its future. {@link #kind()} says what the client
 * should do: retry after {@link #retryAfter()} (the receivers answer with one status mapping: HTTP 503 or 429 with
 * {@code Retry-After}, gRPC UNAVAILABLE or RESOURCE_EXHAUSTED with {@code RetryInfo}) or not send the same again
 * (400, 413). Any other exception from a consumer is an internal failure (500, INTERNAL). Without a stack trace:
 * a refusal is a decision, not a bug, and may happen thousands of times per second under load.
 */
public final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of refusal; whether it is retryable follows from it. */
  public enum Kind {
    /** A bounded queue or budget is full: retry later (503 / UNAVAILABLE). */
    OVERLOADED(true),
    /** The consumer is starting or stopping: retry later (503 / UNAVAILABLE). */
    UNAVAILABLE(true),
    /** A rate limit: retry later (429 / RESOURCE_EXHAUSTED with RetryInfo). */
    RATE_LIMITED(true),
    /** The batch can never be taken as it is (400 / INVALID_ARGUMENT). */
    INVALID(false),
    /** The batch is larger than the consumer takes at once (413 / RESOURCE_EXHAUSTED without RetryInfo). */
    TOO_LARGE(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final Duration retryAfter;

  private Refusal(Kind kind, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  /** A full queue or budget; {@code retryAfter} is the delay to suggest to the client. */
  public static Refusal overloaded(String message, Duration retryAfter) {
    return new Refusal(Kind.OVERLOADED, message, positive(retryAfter));
  }

  /** A consumer that is starting (replaying its write-ahead log) or stopping. */
  public static Refusal unavailable(String message, Duration retryAfter) {
    return new Refusal(Kind.UNAVAILABLE, message, positive(retryAfter));
  }

  public static Refusal rateLimited(String message, Duration retryAfter) {
    return new Refusal(Kind.RATE_LIMITED, message, positive(retryAfter));
  }

  public static Refusal invalid(String message) {
    return new Refusal(Kind.INVALID, message, null);
  }

  public static Refusal tooLarge(String message) {
    return new Refusal(Kind.TOO_LARGE, message, null);
  }

  public Kind kind() {
    return kind;
  }

  public boolean retryable() {
    return kind.retryable();
  }

  /** The delay to suggest to the client, positive; null for a permanent refusal. */
  public Duration retryAfter() {
    return retryAfter;
  }

  private static Duration positive(Duration delay) {
    Objects.requireNonNull(delay, "retryAfter");
    return delay.isNegative() || delay.isZero() ? Duration.ofMillis(1) : delay;
  }
}
