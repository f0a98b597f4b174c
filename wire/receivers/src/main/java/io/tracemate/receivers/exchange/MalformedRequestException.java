package io.tracemate.receivers.exchange;

/**
 * The body could not be decoded, or holds what cannot be kept where the protocol has no partial success (Zipkin):
 * the request is refused whole with 400 (INVALID_ARGUMENT). The message says what is wrong and, where the format
 * allows, where; {@link #reason()} is the {@code reason} label it is counted under.
 */
public final class MalformedRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  public MalformedRequestException(String message, Throwable cause) {
    this(message, cause, ErrorAnswer.MALFORMED);
  }

  public MalformedRequestException(String message, Throwable cause, String reason) {
    super(message, cause, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
