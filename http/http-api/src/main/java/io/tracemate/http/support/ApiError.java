package io.tracemate.http.support;

import com.linecorp.armeria.common.HttpStatus;

/**
 * What an API answers for a failure.
 *
 * @param message the text the caller reads, in the API family's words
 * @param serverFault the server failed (a store, a bug) rather than the request (bad parameters, a limit, a time-out,
 *     a client that left): worth a log line with the cause
 */
public record ApiError(HttpStatus status, String message, boolean serverFault) {

  /** The request's fault (or nobody's): answered, not logged. */
  public static ApiError of(HttpStatus status, String message) {
    return new ApiError(status, message, false);
  }

  /** The server's fault: answered and logged with its cause. */
  public static ApiError serverFault(HttpStatus status, String message) {
    return new ApiError(status, message, true);
  }
}
