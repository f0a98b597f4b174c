package io.tracemate.receivers.logs;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.HttpServiceWithRoutes;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServiceOptions;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.tracemate.codec.logs.DecodedLogs;
import io.tracemate.codec.logs.OtlpLogDecoder;
import io.tracemate.receivers.ReceiverLimits;
import java.time.Clock;
import java.util.Set;

/**
 * OTLP/gRPC logs ({@code opentelemetry.proto.collector.logs.v1.LogsService/Export}); labels as
 * {@link io.tracemate.codec.logs.OtlpLogLabels} maps them, tenant from the {@code x-scope-orgid} metadata. The
 * response is sent once the accepted records are durable:
 *
 * <ul>
 *   <li>OK, with {@code partial_success} counting and explaining records rejected (malformed IDs) or refused by
 *       the limits (too old, too new, too far behind, line too long, label limits);
 *   <li>RESOURCE_EXHAUSTED with a {@code google.rpc.RetryInfo} when a rate limit refused entries (retryable for
 *       OTLP exporters because of the RetryInfo); UNAVAILABLE with RetryInfo when the WAL pushes back;
 *   <li>INVALID_ARGUMENT for undecodable messages; RESOURCE_EXHAUSTED without RetryInfo for messages over
 *       {@link ReceiverLimits#maxRequestBytes()}; INTERNAL when the sink fails otherwise.
 * </ul>
 *
 * <p>Bind with {@code sb.service(OtlpGrpcLogsService.grpcService(ingest, limits, clock))}. Thread-safe.
 */
public final class OtlpGrpcLogsService extends LogsServiceGrpc.LogsServiceImplBase {
  private static final int FRAME_OVERHEAD = 64;

  private final LogIngest ingest;
  private final Clock clock;

  public OtlpGrpcLogsService(LogIngest ingest, Clock clock) {
    this.ingest = ingest;
    this.clock = clock;
  }

  /** An Armeria service for the OTLP gRPC port: protobuf only, gzip and identity, the request limit applied. */
  public static HttpServiceWithRoutes grpcService(LogIngest ingest, ReceiverLimits limits, Clock clock) {
    GrpcService grpc = GrpcService.builder()
        .addService(new OtlpGrpcLogsService(ingest, clock))
        .supportedSerializationFormats(GrpcSerializationFormats.PROTO)
        .maxRequestMessageLength(limits.maxRequestBytes())
        .exceptionHandler(OtlpGrpcLogsService::mapFailure)
        .build();
    return new WithRequestLength(grpc, (long) limits.maxRequestBytes() + FRAME_OVERHEAD);
  }

  @Override
  public void export(ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> responses) {
    long start = System.nanoTime();
    ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
    String tenant;
    try {
      tenant = ctx == null ? LogIngest.DEFAULT_TENANT : LogIngest.tenant(ctx.request().headers());
    } catch (IllegalArgumentException e) {
      ingest.metrics().requestRejected(LogReceiverMetrics.OTLP, "invalid_tenant");
      responses.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    DecodedLogs decoded = OtlpLogDecoder.decode(request, clock.millis() * 1_000_000L);
    ingest.push(LogReceiverMetrics.OTLP, LogReceiverMetrics.GRPC, tenant, decoded).thenAccept(outcome -> {
      switch (outcome) {
        case LogIngest.Stored stored -> {
          if (stored.validation().rateLimited()) {
            responses.onError(withRetryInfo(Code.RESOURCE_EXHAUSTED, stored.validation().message(),
                stored.validation().retryAfterSeconds()));
          } else {
            responses.onNext(OtlpLogResponses.exportResponse(stored.decoded(), stored.validation()));
            responses.onCompleted();
          }
        }
        case LogIngest.Backpressure backpressure -> responses.onError(
            withRetryInfo(Code.UNAVAILABLE, backpressure.message(), backpressure.retryAfterSeconds()));
        case LogIngest.Failed failed -> responses.onError(Status.INTERNAL
            .withDescription("could not store log records: " + failed.cause()).asRuntimeException());
      }
      ingest.metrics().observeDuration(LogReceiverMetrics.OTLP, start);
    });
  }

  private static StatusRuntimeException withRetryInfo(Code code, String message, long retryAfterSeconds) {
    com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
        .setCode(code.getNumber())
        .setMessage(message)
        .addDetails(Any.pack(RetryInfo.newBuilder()
            .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(retryAfterSeconds))
            .build()))
        .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  /** Armeria reports undecodable protobuf as INTERNAL; for OTLP it is the client's fault (not retryable). */
  private static Status mapFailure(com.linecorp.armeria.common.RequestContext ctx, Status status, Throwable cause,
      io.grpc.Metadata metadata) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof InvalidProtocolBufferException invalid) {
        return Status.INVALID_ARGUMENT.withDescription(
            "cannot decode ExportLogsServiceRequest: " + invalid.getMessage()).withCause(cause);
      }
      if (t instanceof ContentTooLargeException tooLarge) {
        return Status.RESOURCE_EXHAUSTED.withDescription("request body exceeds the limit of "
            + tooLarge.maxContentLength() + " bytes").withCause(cause);
      }
    }
    return GrpcExceptionHandlerFunction.of().apply(ctx, status, cause, metadata);
  }

  /**
   * Raises Armeria's transport-level request limit (server-wide 10 MiB by default) to the receiver's own, so the
   * gRPC message limit (enforced after decompression by the deframer) is the one clients meet.
   */
  private static final class WithRequestLength extends SimpleDecoratingHttpService
      implements HttpServiceWithRoutes {
    private final GrpcService grpc;
    private final ServiceOptions options;

    WithRequestLength(GrpcService grpc, long maxBodyBytes) {
      super(grpc);
      this.grpc = grpc;
      this.options = ServiceOptions.builder().maxRequestLength(maxBodyBytes).build();
    }

    @Override
    public Set<Route> routes() {
      return grpc.routes();
    }

    @Override
    public ServiceOptions options() {
      return options;
    }

    @Override
    public com.linecorp.armeria.common.HttpResponse serve(ServiceRequestContext ctx,
        com.linecorp.armeria.common.HttpRequest req) throws Exception {
      return ((HttpService) unwrap()).serve(ctx, req);
    }
  }
}
