package io.tracemate.model;

/** A span's outcome; the message is "" when not set. */
public record Status(StatusCode code, String message) {

  public static final Status UNSET = new Status(StatusCode.UNSET, "");

  public Status {
    code = code == null ? StatusCode.UNSET : code;
    message = message == null ? "" : message;
  }

  public boolean isError() {
    return code == StatusCode.ERROR;
  }
}
