package io.tracemate.alerting.notify.delivery;

/**
 * A notification was not delivered. Retryable failures (connection refused, time-outs, 429 and 5xx answers, a
 * robot's rate limit) are tried again with backoff; permanent ones (other 4xx, a robot refusing the message) are
 * not, since sending the same request again would fail the same way.
 */
public final class DeliveryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public DeliveryException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public DeliveryException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
