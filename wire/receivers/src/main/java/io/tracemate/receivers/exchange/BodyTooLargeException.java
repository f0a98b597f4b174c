package io.tracemate.receivers.exchange;

/**
 * A request body (compressed or inflated) is larger than the receivers' {@code max-request-bytes}; answered with
 * HTTP 413 (gRPC RESOURCE_EXHAUSTED). Not retryable.
 */
public final class BodyTooLargeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BodyTooLargeException(String message) {
    super(message, null, false, false);
  }
}
