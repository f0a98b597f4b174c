package io.tracemate.ingest;

import java.time.Duration;

/**
 * The server refused spans for now (backpressure, shutting down). Always retryable: the client should send
 * the same spans again after {@link #retryAfter()}.
 */
public class IngestRejectedException extends RuntimeException {
  private final Duration retryAfter;

  public IngestRejectedException(String message, Duration retryAfter) {
    super(message, null, false, false);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
