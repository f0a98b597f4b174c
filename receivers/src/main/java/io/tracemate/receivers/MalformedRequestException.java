package io.tracemate.receivers;

/** The body could not be decoded; the message says what is wrong and, where the format allows, where. */
final class MalformedRequestException extends RuntimeException {

  MalformedRequestException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
