package io.tracemate.api;

/** A request parameter is missing or malformed; the message names the parameter and what was wrong. */
final class BadRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadRequestException(String message) {
    super(message, null, false, false);
  }
}
