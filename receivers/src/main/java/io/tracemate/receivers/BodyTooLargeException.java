package io.tracemate.receivers;

/** A request body (compressed or inflated) is larger than {@link ReceiverLimits#maxRequestBytes()}. */
final class BodyTooLargeException extends RuntimeException {

  BodyTooLargeException(String message) {
    super(message, null, false, false);
  }
}
