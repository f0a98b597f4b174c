package io.tracemate.http.support;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.common.CancelledException;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one API family answers failures: the one mapping from what a handler threw to a status and a message, in the
 * family's {@link ErrorShape}. What every family means alike is mapped here: a {@link BadRequestException} is its
 * status with its message; a {@link CancelledException} (the request was cancelled or timed out: Armeria has answered
 * already or the client is gone, so nobody reads it) is a 503; anything unknown is a 500 {@code "internal error: "}
 * logged with its stack trace. A family adds only the failures it knows itself ({@link Mapping}: Loki's LogQL and
 * limit errors, the stores' errors), which win over the common ones. Immutable and thread-safe.
 */
public final class ApiErrors {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  /** The failures one family knows beyond the common ones. */
  @FunctionalInterface
  public interface Mapping {
    /** @return the answer for {@code failure}, or null when the family does not know it */
    ApiError map(Throwable failure);
  }

  private final ErrorShape shape;
  private final Mapping family;

  private ApiErrors(ErrorShape shape, Mapping family) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.family = Objects.requireNonNull(family, "family");
  }

  /** A family that knows only the common failures. */
  public static ApiErrors of(ErrorShape shape) {
    return new ApiErrors(shape, failure -> null);
  }

  public static ApiErrors of(ErrorShape shape, Mapping family) {
    return new ApiErrors(shape, family);
  }

  public ErrorShape shape() {
    return shape;
  }

  /** The status and message for {@code failure} (unwrapped from completion and execution exceptions). */
  public ApiError map(Throwable failure) {
    Throwable cause = unwrap(failure);
    ApiError known = known(cause);
    return known != null ? known : internal(cause);
  }

  /** The answer to the request of {@code ctx} that failed with {@code failure}; logs it when the server is at fault. */
  public HttpResponse respond(ServiceRequestContext ctx, Throwable failure) {
    Throwable cause = unwrap(failure);
    ApiError error = known(cause);
    if (error == null) {
      log.error("{} failed", ctx.path(), cause);
      error = internal(cause);
    } else if (error.serverFault()) {
      log.warn("{} failed", ctx.path(), cause);
    }
    return respond(error.status(), error.message(), JsonBody.prettyPrint(ctx.queryParams()));
  }

  /** An error a handler answers itself (a trace that does not exist, say). */
  public HttpResponse respond(HttpStatus status, String message, boolean pretty) {
    return shape.render(status, message, pretty).toHttpResponse();
  }

  private ApiError known(Throwable cause) {
    if (cause instanceof BadRequestException e) {
      return ApiError.of(e.status(), e.getMessage());
    }
    ApiError mapped = family.map(cause);
    if (mapped != null) {
      return mapped;
    }
    if (cause instanceof CancelledException) {
      return ApiError.of(HttpStatus.SERVICE_UNAVAILABLE, "the request was cancelled or timed out");
    }
    return null;
  }

  private static ApiError internal(Throwable cause) {
    return ApiError.serverFault(HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + cause);
  }

  /** The failure inside the wrappers that futures put around it. */
  public static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
