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
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.tracemate.codec.otlp.DecodedSpans;
import io.tracemate.codec.otlp.OtlpTraceDecoder;
import io.tracemate.ingest.IngestRejectedException;
import io.tracemate.ingest.SpanSink;
import io.tracemate.receivers.ReceiverMetrics.Reason;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/gRPC traces ({@code opentelemetry.proto.collector.trace.v1.TraceService/Export}). The response is sent
 * only once the sink's future completes.
 *
 * <ul>
 *   <li>OK with an empty response, or with {@code partial_success} when spans with invalid IDs were dropped;
 *   <li>UNAVAILABLE with a {@code google.rpc.RetryInfo} detail when the sink pushes back (retryable);
 *   <li>INVALID_ARGUMENT for messages that are not protobuf; RESOURCE_EXHAUSTED for messages larger than
 *       {@link ReceiverLimits#maxRequestBytes()} after decompression (gzip is supported, as OTLP requires);
 *       INTERNAL when the sink fails otherwise.
 * </ul>
 *
 * <p>Use {@link #grpcService} to get a bindable service: {@code sb.service(OtlpGrpcTraceService.grpcService(
 * sink, limits, metrics))}. Thread-safe.
 */
public final class OtlpGrpcTraceService extends TraceServiceGrpc.TraceServiceImplBase {
  private static final Logger log = LoggerFactory.getLogger(OtlpGrpcTraceService.class);
  /** gRPC's 5-byte frame header plus slack, on top of the message limit, for the HTTP-level body limit. */
  private static final int FRAME_OVERHEAD = 64;

  private final SpanSink sink;
  private final ReceiverMetrics metrics;

  public OtlpGrpcTraceService(SpanSink sink, ReceiverMetrics metrics) {
    this.sink = sink;
    this.metrics = metrics;
  }

  /**
   * An Armeria service for the OTLP gRPC port: protobuf gRPC only, gzip and identity message compression, and
   * the request limit applied to the (decompressed) message and, with room for framing, to the HTTP body.
   */
  public static HttpServiceWithRoutes grpcService(SpanSink sink, ReceiverLimits limits, ReceiverMetrics metrics) {
    GrpcService grpc = GrpcService.builder()
        .addService(new OtlpGrpcTraceService(sink, metrics))
        .supportedSerializationFormats(GrpcSerializationFormats.PROTO)
        .maxRequestMessageLength(limits.maxRequestBytes())
        .exceptionHandler(OtlpGrpcTraceService::mapFailure)
        .build();
    long httpLimit = (long) limits.maxRequestBytes() + FRAME_OVERHEAD;
    return new WithRequestLimit(grpc, httpLimit);
  }

  @Override
  public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> responses) {
    long start = System.nanoTime();
    DecodedSpans decoded = OtlpTraceDecoder.decode(request);
    int kept = decoded.spans().size();
    metrics.received(ReceiverMetrics.OTLP, ReceiverMetrics.GRPC, kept + decoded.rejectedCount());
    if (decoded.hasRejections()) {
      metrics.rejected(ReceiverMetrics.OTLP, Reason.INVALID_ID, decoded.rejectedCount());
    }
    if (kept == 0) {
      respond(responses, OtlpResponses.exportResponse(decoded), start);
      return;
    }
    // With nothing rejected, the request's own bytes are the spans' stored form (same wire format as
    // TracesData): serializing the parsed message is far cheaper than encoding the spans afresh.
    Ingest.accept(sink, decoded.spans(), decoded.hasRejections() ? null : request::toByteArray)
        .whenComplete((unused, failure) -> {
          if (failure == null) {
            metrics.accepted(ReceiverMetrics.OTLP, kept);
            respond(responses, OtlpResponses.exportResponse(decoded), start);
            return;
          }
          Throwable cause = Ingest.unwrap(failure);
          if (cause instanceof IngestRejectedException rejected) {
            metrics.rejected(ReceiverMetrics.OTLP, Reason.BACKPRESSURE, kept);
            responses.onError(unavailable(rejected));
          } else {
            metrics.rejected(ReceiverMetrics.OTLP, Reason.INTERNAL_ERROR, kept);
            log.warn("otlp gRPC receiver could not store {} spans", kept, cause);
            responses.onError(Status.INTERNAL.withDescription("could not store spans: " + cause).asRuntimeException());
          }
          metrics.observeDuration(ReceiverMetrics.OTLP, start);
        });
  }

  private void respond(StreamObserver<ExportTraceServiceResponse> responses, ExportTraceServiceResponse response,
      long start) {
    responses.onNext(response);
    responses.onCompleted();
    metrics.observeDuration(ReceiverMetrics.OTLP, start);
  }

  private static StatusRuntimeException unavailable(IngestRejectedException rejected) {
    Duration delay = Ingest.retryDelay(rejected);
    com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
        .setCode(Code.UNAVAILABLE_VALUE)
        .setMessage("spans not accepted, retry later: " + rejected.getMessage())
        .addDetails(Any.pack(RetryInfo.newBuilder()
            .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                .setSeconds(delay.getSeconds())
                .setNanos(delay.getNano()))
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
            "cannot decode ExportTraceServiceRequest: " + invalid.getMessage()).withCause(cause);
      }
      if (t instanceof ContentTooLargeException tooLarge) {
        return Status.RESOURCE_EXHAUSTED.withDescription("request body exceeds the limit of "
            + tooLarge.maxContentLength() + " bytes").withCause(cause);
      }
    }
    return GrpcExceptionHandlerFunction.of().apply(ctx, status, cause, metadata);
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
