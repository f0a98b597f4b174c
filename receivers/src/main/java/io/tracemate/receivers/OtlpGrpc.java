package io.tracemate.receivers;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.HttpServiceWithRoutes;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServiceOptions;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

/**
 * What every OTLP/gRPC receiver (traces, logs) shares: the bindable service with OTLP's limits and error mapping,
 * and retry hints as {@code google.rpc.RetryInfo}, which OTLP exporters honour. Thread-safe.
 */
public final class OtlpGrpc {
  /** gRPC's 5-byte frame header plus slack, on top of the message limit, for the HTTP-level body limit. */
  private static final int FRAME_OVERHEAD = 64;

  private OtlpGrpc() {}

  /**
   * An Armeria service for the OTLP gRPC port: protobuf gRPC only, gzip and identity message compression, and the
   * request limit applied to the (decompressed) message and, with room for framing, to the HTTP body.
   *
   * @param requestMessage the request type's name, for "cannot decode ..." errors
   */
  public static HttpServiceWithRoutes service(BindableService implementation, String requestMessage,
      ReceiverLimits limits) {
    GrpcService grpc = GrpcService.builder()
        .addService(implementation)
        .supportedSerializationFormats(GrpcSerializationFormats.PROTO)
        .maxRequestMessageLength(limits.maxRequestBytes())
        .exceptionHandler((ctx, status, cause, metadata) -> {
          Status mapped = mapFailure(requestMessage, cause);
          return mapped != null ? mapped : GrpcExceptionHandlerFunction.of().apply(ctx, status, cause, metadata);
        })
        .build();
    return new WithRequestLimit(grpc, (long) limits.maxRequestBytes() + FRAME_OVERHEAD);
  }

  /** A retryable refusal carrying the delay the client should wait. */
  public static StatusRuntimeException withRetryInfo(Code code, String message, Duration delay) {
    com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
        .setCode(code.getNumber())
        .setMessage(message)
        .addDetails(Any.pack(RetryInfo.newBuilder()
            .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                .setSeconds(delay.getSeconds())
                .setNanos(delay.getNano()))
            .build()))
        .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  /** Armeria reports undecodable protobuf as INTERNAL; for OTLP it is the client's fault (not retryable). */
  private static Status mapFailure(String requestMessage, Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof InvalidProtocolBufferException invalid) {
        return Status.INVALID_ARGUMENT.withDescription(
            "cannot decode " + requestMessage + ": " + invalid.getMessage()).withCause(cause);
      }
      if (t instanceof ContentTooLargeException tooLarge) {
        return Status.RESOURCE_EXHAUSTED.withDescription("request body exceeds the limit of "
            + tooLarge.maxContentLength() + " bytes").withCause(cause);
      }
    }
    return null;
  }

  /**
   * The gRPC service with its own bound on the HTTP body instead of Armeria's transport-level limit (the
   * server-wide default of 10 MiB would cut OTLP's recommended 64 MiB short, and a transport-level refusal
   * reaches gRPC clients as HTTP 413, i.e. UNKNOWN). Counting here fails the body stream with
   * {@link ContentTooLargeException}, which the call reports as RESOURCE_EXHAUSTED; the message limit itself
   * (after decompression) is enforced by the gRPC deframer.
   */
  private static final class WithRequestLimit extends SimpleDecoratingHttpService implements HttpServiceWithRoutes {
    private static final ServiceOptions UNLIMITED_TRANSPORT = ServiceOptions.builder().maxRequestLength(0).build();

    private final GrpcService grpc;
    private final long maxBodyBytes;

    WithRequestLimit(GrpcService grpc, long maxBodyBytes) {
      super(grpc);
      this.grpc = grpc;
      this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public Set<Route> routes() {
      return grpc.routes();
    }

    @Override
    public ServiceOptions options() {
      return UNLIMITED_TRANSPORT;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
      HttpRequest bounded = req.mapData(new BodyCounter(maxBodyBytes));
      ctx.updateRequest(bounded);
      return ((HttpService) unwrap()).serve(ctx, bounded);
    }
  }

  /** Fails the request stream once more than {@code maxBytes} have arrived. One per request. */
  private static final class BodyCounter implements Function<HttpData, HttpData> {
    private final long maxBytes;
    private long received;

    BodyCounter(long maxBytes) {
      this.maxBytes = maxBytes;
    }

    @Override
    public HttpData apply(HttpData data) {
      received += data.length();
      if (received > maxBytes) {
        throw ContentTooLargeException.builder().maxContentLength(maxBytes).transferred(received).build();
      }
      return data;
    }
  }
}
