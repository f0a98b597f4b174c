package io.tracemate.http.support;

import com.linecorp.armeria.common.HttpStatus;

/**
 * A request that cannot be used as sent: a parameter missing, malformed or out of range, a body that is not the
 * request it should be, a request over one of the API's limits. Every parameter parser of every API family throws
 * this one type. The message names the parameter (or the limit), what was sent and what was expected, in the
 * family's own words (Jaeger's, Loki's, ours), and reaches the caller verbatim with {@link #status()} in the family's
 * error shape ({@link ApiErrors}). No stack trace is filled in: hostile input may make many of these.
 */
public final class BadRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadRequestException(String message) {
    this(message, null);
  }

  public BadRequestException(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  /** The status the request is answered with. */
  public HttpStatus status() {
    return HttpStatus.BAD_REQUEST;
  }
}
