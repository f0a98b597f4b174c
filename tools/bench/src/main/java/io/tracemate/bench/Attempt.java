package io.tracemate.bench;

import java.time.Duration;

/**
 * The outcome of sending one batch once.
 *
 * @param acceptedSpans spans the server took (batch size minus OTLP partial-success rejections)
 * @param rejectedSpans spans the server refused for good (partial success, or the whole batch on failure)
 * @param retryAfter how long the server asked us to wait when throttled; null when it did not say
 * @param error what went wrong, for the report; null when accepted
 */
record Attempt(
    Outcome outcome, int acceptedSpans, int rejectedSpans, Duration retryAfter, String error) {

  enum Outcome {
    ACCEPTED,
    /** 429 / 503 / gRPC UNAVAILABLE or RESOURCE_EXHAUSTED: back off and send the same batch again. */
    THROTTLED,
    FAILED
  }

  static Attempt accepted(int spans, int rejectedByServer) {
    return new Attempt(Outcome.ACCEPTED, spans - rejectedByServer, rejectedByServer, null, null);
  }

  static Attempt throttled(Duration retryAfter, String why) {
    return new Attempt(Outcome.THROTTLED, 0, 0, retryAfter, why);
  }

  static Attempt failed(int spans, String error) {
    return new Attempt(Outcome.FAILED, 0, spans, null, error);
  }
}
