package io.tracemate.codec;

/**
 * The outcome of decoding one request, whatever the signal (implemented by each signal's decoded result beside what
 * it kept): how many items were rejected, and an English explanation ({@code ""} when none) fit for OTLP's
 * partial-success {@code error_message} or a 400 body.
 */
public interface Decoded {

  int rejectedCount();

  String errorMessage();

  default boolean hasRejections() {
    return rejectedCount() > 0;
  }

  /**
   * The explanation a decoded result keeps: {@code ""} for none.
   *
   * @throws IllegalArgumentException for a negative count
   */
  static String checkedMessage(int rejectedCount, String errorMessage) {
    if (rejectedCount < 0) {
      throw new IllegalArgumentException(
          "rejectedCount must not be negative, got " + rejectedCount);
    }
    return errorMessage == null ? "" : errorMessage;
  }
}
