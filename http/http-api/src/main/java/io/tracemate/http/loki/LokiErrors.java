package io.tracemate.http.loki;

import com.linecorp.armeria.common.HttpStatus;
import io.tracemate.common.Cancellation;
import io.tracemate.common.CancelledException;
import io.tracemate.http.support.ApiError;
import io.tracemate.http.support.ApiErrors;
import io.tracemate.http.support.ErrorShape;
import io.tracemate.logql.engine.QueryEvaluationException;
import io.tracemate.logql.engine.QueryLimitException;
import io.tracemate.logql.syntax.LogQLParseException;
import io.tracemate.logs.LogStorageException;

/**
 * How the Loki API answers failures, over the shared mapping of {@link ApiErrors}: plain text (Loki writes them with
 * Go's {@code http.Error}, so the body ends with a newline and carries {@code X-Content-Type-Options: nosniff});
 * Grafana shows the text as is.
 *
 * <ul>
 *   <li>400: bad parameters, LogQL parse errors (with line and column), queries that cannot run, limits
 *       (the message names the limit, in Loki's words);</li>
 *   <li>504: the query timeout;</li>
 *   <li>499 (nginx's "client closed request", which Loki uses too): the request was cancelled, so nobody reads
 *       the answer; it only shows in the request log and the query counts;</li>
 *   <li>503: a store failure worth retrying; 500: anything else.</li>
 * </ul>
 * Stateless and thread-safe.
 */
final class LokiErrors {
  /** Loki's message for a query that ran out of time. */
  static final String TIMEOUT_MESSAGE =
      "request timed out, decrease the duration of the request or add more "
          + "label matchers (prefer exact match over regex match) to reduce the amount of data processed";

  static final String TIMEOUT_LIMIT = "query_timeout";
  static final HttpStatus CLIENT_CLOSED_REQUEST = HttpStatus.valueOf(499);

  static final ApiErrors API = ApiErrors.of(ErrorShape.PLAIN_TEXT, LokiErrors::map);

  private LokiErrors() {}

  /** The failures Loki answers its own way; the common ones (bad requests, bugs) are {@link ApiErrors}'. */
  private static ApiError map(Throwable cause) {
    return switch (cause) {
      case LogQLParseException e -> ApiError.of(HttpStatus.BAD_REQUEST, e.getMessage());
      case QueryLimitException e ->
          TIMEOUT_LIMIT.equals(e.limit())
              ? ApiError.of(HttpStatus.GATEWAY_TIMEOUT, message(e, TIMEOUT_MESSAGE))
              : ApiError.of(
                  HttpStatus.BAD_REQUEST, message(e, "query limit exceeded: " + e.limit()));
      case QueryEvaluationException e ->
          ApiError.of(HttpStatus.BAD_REQUEST, message(e, "query cannot run"));
      case CancelledException e ->
          e.reason() == Cancellation.Reason.DEADLINE_EXCEEDED
              ? ApiError.of(
                  HttpStatus.GATEWAY_TIMEOUT, TIMEOUT_MESSAGE + " (" + TIMEOUT_LIMIT + ")")
              : ApiError.of(CLIENT_CLOSED_REQUEST, "the request was cancelled");
      case LogStorageException e ->
          ApiError.serverFault(
              e.retryable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.INTERNAL_SERVER_ERROR,
              "storage error: " + e.getMessage());
      default -> null;
    };
  }

  private static String message(RuntimeException e, String fallback) {
    return e.getMessage() == null || e.getMessage().isBlank() ? fallback : e.getMessage();
  }
}
