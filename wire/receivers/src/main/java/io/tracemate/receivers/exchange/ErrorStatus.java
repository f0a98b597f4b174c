package io.tracemate.receivers.exchange;

import com.google.rpc.Code;
import com.linecorp.armeria.common.HttpStatus;

/**
 * The one status mapping of every receiver, traces and logs, HTTP and gRPC, following the OTLP specification
 * (and, for HTTP, what Zipkin and Loki clients expect of the same situations). Retryable statuses carry a retry
 * delay: {@code Retry-After} in HTTP, {@code google.rpc.RetryInfo} in gRPC and in OTLP/HTTP's {@code Status} body.
 */
public enum ErrorStatus {
  /** The request cannot be read, or holds what can never be stored; do not send it again. */
  MALFORMED(HttpStatus.BAD_REQUEST, Code.INVALID_ARGUMENT),
  /** The body is larger than the per-request limit, compressed or inflated. */
  TOO_LARGE(HttpStatus.REQUEST_ENTITY_TOO_LARGE, Code.RESOURCE_EXHAUSTED),
  UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, Code.UNIMPLEMENTED),
  METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, Code.UNIMPLEMENTED),
  /** A rate limit: retryable after the delay (OTLP: 429 / RESOURCE_EXHAUSTED with RetryInfo). */
  RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, Code.RESOURCE_EXHAUSTED),
  /** A full queue or budget, a server starting or stopping: retryable after the delay (503 / UNAVAILABLE). */
  UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, Code.UNAVAILABLE),
  INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, Code.INTERNAL);

  private final HttpStatus http;
  private final Code grpc;

  ErrorStatus(HttpStatus http, Code grpc) {
    this.http = http;
    this.grpc = grpc;
  }

  public HttpStatus http() {
    return http;
  }

  public Code grpc() {
    return grpc;
  }
}
