package io.tracemate.codec.logs;

/** A compressed payload would decompress past the caller's limit; nothing was decompressed. */
public final class PayloadTooLargeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PayloadTooLargeException(String message) {
    super(message, null, false, false);
  }
}
