package io.tracemate.http.prometheus;

import com.linecorp.armeria.common.HttpStatus;
import io.tracemate.http.support.ApiError;
import io.tracemate.http.support.ApiErrors;
import io.tracemate.http.support.ErrorShape;
import io.tracemate.http.support.JsonBody;
import io.tracemate.promql.engine.QueryEvaluationException;
import io.tracemate.promql.engine.QueryLimitException;
import io.tracemate.promql.syntax.PromQLParseException;
import io.tracemate.querysupport.LimitExceededException;

/**
 * Prometheus' error answers ({@code web/api/v1/api.go}): {@code {"status": "error", "errorType", "error"}} with the
 * status its error type has there: {@code bad_data} 400, {@code execution} 422, {@code timeout} and
 * {@code unavailable} 503, {@code canceled} 499, {@code not_found} 404, {@code internal} 500. Stateless.
 */
public final class PromErrors {
  /** The client went away (nginx' 499, which Prometheus answers a cancelled query with). */
  static final HttpStatus CLIENT_CLOSED = HttpStatus.valueOf(499);

  /** Prometheus' error envelope, the error type read from the status. */
  public static final ErrorShape SHAPE =
      (status, message, pretty) ->
          JsonBody.aggregated(
              status,
              false,
              out -> {
                out.writeStartObject();
                out.writeStringField("status", "error");
                out.writeStringField("errorType", errorType(status));
                out.writeStringField("error", message);
                out.writeEndObject();
              });

  /** Every failure of the Prometheus API and Jaeger's SPM, in Prometheus' envelope. */
  public static final ApiErrors API = ApiErrors.of(SHAPE, PromErrors::map);

  private PromErrors() {}

  static String errorType(HttpStatus status) {
    return switch (status.code()) {
      case 400, 413, 414, 431 -> "bad_data";
      case 422 -> "execution";
      case 499 -> "canceled";
      case 503 -> "timeout";
      case 404 -> "not_found";
      case 406 -> "not_acceptable";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 405 -> "bad_data";
      default -> "internal";
    };
  }

  private static ApiError map(Throwable failure) {
    return switch (failure) {
      case PromQLParseException e ->
          ApiError.of(HttpStatus.BAD_REQUEST, "invalid parameter \"query\": " + e.getMessage());
      case QueryEvaluationException e ->
          ApiError.of(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
      case QueryLimitException e ->
          switch (e.errorType()) {
            case "timeout" -> ApiError.of(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
            case "bad_data" -> ApiError.of(HttpStatus.BAD_REQUEST, e.getMessage());
            default -> ApiError.of(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
          };
      case LimitExceededException e -> ApiError.of(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
      default -> null;
    };
  }
}
