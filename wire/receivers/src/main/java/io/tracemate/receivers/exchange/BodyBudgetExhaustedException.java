package io.tracemate.receivers.exchange;

import java.time.Duration;

/**
 * The {@link RequestBodyBudget} has no room for more of this request's body. Retryable: receivers answer HTTP 503
 * with {@code Retry-After}, gRPC UNAVAILABLE with {@code google.rpc.RetryInfo}.
 */
public final class BodyBudgetExhaustedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Duration retryAfter;

  BodyBudgetExhaustedException(String message, Duration retryAfter) {
    super(message, null, false, false);
    this.retryAfter = retryAfter;
  }

  /** The delay to suggest to the client; positive. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** {@link #retryAfter()} in whole seconds for {@code Retry-After}, at least 1. */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}
