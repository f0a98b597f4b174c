package io.tracemate.query;

/**
 * A request parameter that cannot be used; the message names the parameter, what was sent and what was
 * expected, and is returned to the caller verbatim with status 400.
 */
public final class BadParameterException extends RuntimeException {

  public BadParameterException(String message) {
    super(message);
  }

  public BadParameterException(String message, Throwable cause) {
    super(message, cause);
  }

  /** "unable to parse param 'minDuration': ..." — Jaeger's wording, so existing clients show familiar text. */
  static BadParameterException unparsable(String param, String detail) {
    return new BadParameterException("unable to parse param '" + param + "': " + detail);
  }
}
