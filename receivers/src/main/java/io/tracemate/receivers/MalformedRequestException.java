package io.tracemate.receivers;

import io.tracemate.receivers.ReceiverMetrics.Reason;

/**
 * The body could not be decoded, or holds spans that cannot be kept and the protocol has no partial success
 * (Zipkin): the request is refused whole with 400. The message says what is wrong and, where the format
 * allows, where; {@link #reason()} is the metrics reason.
 */
final class MalformedRequestException extends RuntimeException {
  private final Reason reason;

  MalformedRequestException(String message, Throwable cause) {
    this(message, cause, Reason.MALFORMED);
  }

  MalformedRequestException(String message, Throwable cause, Reason reason) {
    super(message, cause, false, false);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
