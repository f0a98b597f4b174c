package io.tracemate.http.jaeger;

import com.linecorp.armeria.common.HttpStatus;
import io.tracemate.http.support.ApiError;
import io.tracemate.http.support.ApiErrors;
import io.tracemate.http.support.ErrorShape;
import io.tracemate.storage.StorageException;

/**
 * How the Jaeger APIs answer failures, over the shared mapping of {@link ApiErrors}: a span store failure
 * ({@link StorageException}) is a 500 {@code "storage error: ..."}, logged; v1 writes errors in its
 * {@link Envelope} (indented on {@code prettyPrint}), api_v3 as its HTTP gateway does. Thread-safe.
 */
public final class JaegerErrors {
  /** v1 ({@code /api/...}), and Tracemate's trace analysis, which answers in v1's envelope. */
  public static final ApiErrors V1 = ApiErrors.of(Envelope::errorPage, JaegerErrors::storeFailure);

  /** api_v3 ({@code /api/v3/...}): its HTTP gateway's {@code {"error": {"httpCode", "message"}}}. */
  public static final ApiErrors V3 =
      ApiErrors.of(ErrorShape.jsonError("httpCode"), JaegerErrors::storeFailure);

  private JaegerErrors() {}

  private static ApiError storeFailure(Throwable failure) {
    return failure instanceof StorageException e
        ? ApiError.serverFault(HttpStatus.INTERNAL_SERVER_ERROR, "storage error: " + e.getMessage())
        : null;
  }
}
