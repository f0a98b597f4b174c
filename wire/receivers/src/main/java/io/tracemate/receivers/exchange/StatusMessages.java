package io.tracemate.receivers.exchange;

/** Status messages as receivers send them: gRPC's {@code grpc-message}, a {@code google.rpc.Status}'s. Stateless. */
public final class StatusMessages {
  private StatusMessages() {}

  /**
   * {@code message} without leading or trailing whitespace: an HTTP/2 field value must not start or end with
   * whitespace (strict clients refuse such a {@code grpc-message} as a protocol error), and a message built from
   * an exception's text can end with some. Line breaks inside stay (gRPC percent-encodes them).
   */
  public static String clean(String message) {
    return message == null ? "" : message.strip();
  }
}
