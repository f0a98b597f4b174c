package io.tracemate.query.loki;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import io.tracemate.common.Cancellation;
import io.tracemate.common.CancelledException;
import io.tracemate.logql.engine.QueryEvaluationException;
import io.tracemate.logql.engine.QueryLimitException;
import io.tracemate.logql.syntax.LogQLParseException;
import io.tracemate.logs.LogStorageException;
import io.tracemate.query.BadParameterException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Maps failures to Loki's error responses: plain text (Loki writes them with Go's {@code http.Error}, so the
 * body ends with a newline and carries {@code X-Content-Type-Options: nosniff}); Grafana shows the text as is.
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
  static final String TIMEOUT_MESSAGE = "request timed out, decrease the duration of the request or add more "
      + "label matchers (prefer exact match over regex match) to reduce the amount of data processed";
  static final String TIMEOUT_LIMIT = "query_timeout";
  static final HttpStatus CLIENT_CLOSED_REQUEST = HttpStatus.valueOf(499);

  private LokiErrors() {}

  /** A failure and the status it maps to. */
  record Mapped(HttpStatus status, String message) {}

  static Mapped map(Throwable failure) {
    Throwable cause = unwrap(failure);
    return switch (cause) {
      case BadParameterException e -> new Mapped(HttpStatus.BAD_REQUEST, e.getMessage());
      case LogQLParseException e -> new Mapped(HttpStatus.BAD_REQUEST, e.getMessage());
      case QueryLimitException e -> TIMEOUT_LIMIT.equals(e.limit())
          ? new Mapped(HttpStatus.GATEWAY_TIMEOUT, message(e, TIMEOUT_MESSAGE))
          : new Mapped(HttpStatus.BAD_REQUEST, message(e, "query limit exceeded: " + e.limit()));
      case QueryEvaluationException e -> new Mapped(HttpStatus.BAD_REQUEST, message(e, "query cannot run"));
      case CancelledException e -> e.reason() == Cancellation.Reason.DEADLINE_EXCEEDED
          ? new Mapped(HttpStatus.GATEWAY_TIMEOUT, TIMEOUT_MESSAGE + " (" + TIMEOUT_LIMIT + ")")
          : new Mapped(CLIENT_CLOSED_REQUEST, "the request was cancelled");
      case LogStorageException e -> new Mapped(
          e.retryable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.INTERNAL_SERVER_ERROR,
          "storage error: " + e.getMessage());
      default -> new Mapped(HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + cause);
    };
  }

  static HttpResponse response(Mapped mapped) {
    return text(mapped.status(), mapped.message());
  }

  static HttpResponse text(HttpStatus status, String message) {
    ResponseHeaders headers = ResponseHeaders.builder(status)
        .contentType(MediaType.PLAIN_TEXT_UTF_8)
        .set(HttpHeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff")
        .build();
    return HttpResponse.of(headers, com.linecorp.armeria.common.HttpData.ofUtf8(message + "\n"));
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String message(RuntimeException e, String fallback) {
    return e.getMessage() == null || e.getMessage().isBlank() ? fallback : e.getMessage();
  }
}
