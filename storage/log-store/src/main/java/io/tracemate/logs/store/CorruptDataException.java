package io.tracemate.logs.store;

/** A file of the store does not decode: the message says which structure and where. */
final class CorruptDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CorruptDataException(String message) {
    super(message);
  }
}
