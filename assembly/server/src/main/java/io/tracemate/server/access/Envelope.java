package io.tracemate.server.access;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Status.Code;
import io.tracemate.codec.otlp.OtlpJson;
import io.tracemate.http.ApiErrorPages;
import io.tracemate.http.support.ErrorShape;
import io.tracemate.receivers.exchange.BodyBudgetExhaustedException;
import io.tracemate.receivers.exchange.OtlpHttpResponder;
import java.nio.charset.StandardCharsets;

/**
 * How a listener's API family says "who are you" (401), "not you" (403), "which tenant" (400) and "cannot check now"
 * (503), so that every client shows the reason the way it shows its API's other errors.
 */
public enum Envelope {
  /**
   * The query port: each path in its family's shape (Jaeger's JSON errors, api_v3's, ours, Loki's plain text; see
   * {@link ApiErrorPages}), plain text elsewhere ({@code /metrics}).
   */
  HTTP_API {
    @Override
    AggregatedHttpResponse render(RequestHeaders request, HttpStatus status, String message) {
      ErrorShape shape = ApiErrorPages.shape(pathOf(request));
      return (shape == null ? ErrorShape.PLAIN_TEXT : shape).render(status, message, false);
    }
  },
  /**
   * OTLP/HTTP: a {@code google.rpc.Status} in the request's encoding (protobuf, else JSON), the code the OTLP
   * specification maps the HTTP status to.
   */
  OTLP_HTTP {
    @Override
    AggregatedHttpResponse render(RequestHeaders request, HttpStatus status, String message) {
      com.google.rpc.Status body =
          com.google.rpc.Status.newBuilder()
              .setCode(grpcCode(status).value())
              .setMessage(message)
              .build();
      boolean protobuf = OtlpHttpResponder.isProtobuf(request.contentType());
      return AggregatedHttpResponse.of(
          ResponseHeaders.builder(status)
              .contentType(protobuf ? OtlpHttpResponder.PROTOBUF : OtlpHttpResponder.JSON)
              .build(),
          protobuf
              ? HttpData.wrap(body.toByteArray())
              : HttpData.wrap(OtlpJson.print(body).getBytes(StandardCharsets.UTF_8)));
    }
  },
  /** gRPC: a trailers-only answer with {@code UNAUTHENTICATED}, {@code PERMISSION_DENIED}, ... */
  GRPC {
    @Override
    AggregatedHttpResponse render(RequestHeaders request, HttpStatus status, String message) {
      MediaType type = request.contentType();
      return AggregatedHttpResponse.of(
          ResponseHeaders.builder(HttpStatus.OK)
              .contentType(type == null ? MediaType.parse("application/grpc") : type)
              .set("grpc-status", Integer.toString(grpcCode(status).value()))
              .set("grpc-message", grpcMessage(message))
              .endOfStream(true)
              .build());
    }
  },
  /** Zipkin: plain text, as its other errors. */
  PLAIN_TEXT {
    @Override
    AggregatedHttpResponse render(RequestHeaders request, HttpStatus status, String message) {
      return ErrorShape.PLAIN_TEXT.render(status, message, false);
    }
  };

  abstract AggregatedHttpResponse render(RequestHeaders request, HttpStatus status, String message);

  /** {@link #render}, with {@code WWW-Authenticate: Bearer} on a 401 (RFC 6750). */
  AggregatedHttpResponse refuse(RequestHeaders request, HttpStatus status, String message) {
    AggregatedHttpResponse answer = render(request, status, message);
    if (status != HttpStatus.UNAUTHORIZED) {
      return answer;
    }
    return AggregatedHttpResponse.of(
        answer.headers().toBuilder().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer").build(),
        answer.content(),
        answer.trailers());
  }

  /**
   * 503 with {@code Retry-After} in this envelope, for a request the request-body budget had no room for; the
   * refusal function of {@link io.tracemate.receivers.exchange.RequestBodyBudget#newCollectingDecorator}.
   */
  public HttpResponse retryLater(
      ServiceRequestContext ctx, BodyBudgetExhaustedException exhausted) {
    AggregatedHttpResponse answer =
        render(ctx.request().headers(), HttpStatus.SERVICE_UNAVAILABLE, exhausted.getMessage());
    return AggregatedHttpResponse.of(
            answer.headers().toBuilder()
                .setLong(HttpHeaderNames.RETRY_AFTER, exhausted.retryAfterSeconds())
                .build(),
            answer.content(),
            answer.trailers())
        .toHttpResponse();
  }

  /** The gRPC code of an HTTP status, as the OTLP specification pairs them. */
  static Code grpcCode(HttpStatus status) {
    return switch (status.code()) {
      case 400 -> Code.INVALID_ARGUMENT;
      case 401 -> Code.UNAUTHENTICATED;
      case 403 -> Code.PERMISSION_DENIED;
      case 503 -> Code.UNAVAILABLE;
      default -> Code.INTERNAL;
    };
  }

  /** {@code grpc-message} as the gRPC HTTP/2 protocol writes it: UTF-8, percent-encoded outside printable ASCII. */
  static String grpcMessage(String message) {
    StringBuilder out = new StringBuilder(message.length());
    for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
      if (b >= 0x20 && b <= 0x7e && b != '%') {
        out.append((char) b);
      } else {
        out.append('%').append(String.format(java.util.Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static String pathOf(RequestHeaders request) {
    String path = request.path();
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }
}
