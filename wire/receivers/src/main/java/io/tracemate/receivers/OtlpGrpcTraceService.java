package io.tracemate.receivers;

import com.linecorp.armeria.server.HttpServiceWithRoutes;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.BatchConsumer;
import io.tracemate.component.SpanBatch;
import io.tracemate.receivers.exchange.GrpcExchange;
import io.tracemate.receivers.exchange.GrpcReceiver;
import io.tracemate.receivers.exchange.ReceiverMetrics;
import io.tracemate.receivers.exchange.RequestBodyBudget;
import java.time.Clock;

/**
 * OTLP/gRPC traces ({@code opentelemetry.proto.collector.trace.v1.TraceService/Export}). The response is sent
 * only once the consumer's future completes (see {@link GrpcExchange}).
 *
 * <p>The spans go to the request's tenant ({@link SpanTenant}); INVALID_ARGUMENT for an invalid one.
 *
 * <ul>
 *   <li>OK with an empty response, or with {@code partial_success} counting and explaining the spans refused:
 *       invalid IDs, or a start time the store cannot keep ({@link SpanTimeCheck});
 *   <li>UNAVAILABLE with a {@code google.rpc.RetryInfo} detail when the consumer pushes back or the request-body
 *       budget ({@link RequestBodyBudget}) is full (retryable);
 *   <li>INVALID_ARGUMENT for messages that are not protobuf; RESOURCE_EXHAUSTED for messages larger than
 *       {@link ReceiverLimits#maxRequestBytes()} after decompression (gzip is supported, as OTLP requires);
 *       UNIMPLEMENTED for a message compressed in a coding other than gzip; INTERNAL when the consumer
 *       fails otherwise. See {@link GrpcReceiver} for the codes of malformed requests.
 * </ul>
 *
 * <p>Use {@link #grpcService} to get a bindable service: {@code sb.service(OtlpGrpcTraceService.grpcService(
 * consumer, limits, metrics))}. Thread-safe.
 */
public final class OtlpGrpcTraceService implements BindableService {
  private final GrpcExchange<SpanSubmission, SpanBatch> exchange;
  private final SpanTimeCheck timeCheck;

  /** @param limits only its span time limits apply here; {@link #grpcService} applies the size limit */
  public OtlpGrpcTraceService(
      BatchConsumer<SpanBatch> consumer, ReceiverLimits limits, ReceiverMetrics metrics) {
    this.exchange =
        new GrpcExchange<>(
            ReceiverMetrics.OTLP,
            "spans",
            metrics,
            new SpanIntake(metrics, ReceiverMetrics.OTLP, ReceiverMetrics.GRPC),
            consumer);
    this.timeCheck = new SpanTimeCheck(limits, Clock.systemUTC());
  }

  /** The bindable service; see {@link GrpcReceiver#service}. */
  public static HttpServiceWithRoutes grpcService(
      BatchConsumer<SpanBatch> consumer, ReceiverLimits limits, ReceiverMetrics metrics) {
    OtlpGrpcTraceService service = new OtlpGrpcTraceService(consumer, limits, metrics);
    return GrpcReceiver.service(
        service,
        "ExportTraceServiceRequest",
        limits.maxRequestBytes(),
        SpanBodyShapes.OTLP_PROTOBUF,
        limits.maxRequestObjects(),
        service.exchange::budgetRefused);
  }

  /**
   * TraceService with its Export method reading requests through {@link ReceivedSpans#DECODER}: straight from the
   * bytes into spans, without the generated request messages.
   */
  @Override
  public ServerServiceDefinition bindService() {
    MethodDescriptor<ExportTraceServiceRequest, ExportTraceServiceResponse> generated =
        TraceServiceGrpc.getExportMethod();
    MethodDescriptor<ReceivedSpans, ExportTraceServiceResponse> export =
        generated.toBuilder(ReceivedSpans.DECODER, generated.getResponseMarshaller()).build();
    ServiceDescriptor service =
        ServiceDescriptor.newBuilder(TraceServiceGrpc.SERVICE_NAME)
            .setSchemaDescriptor(TraceServiceGrpc.getServiceDescriptor().getSchemaDescriptor())
            .addMethod(export)
            .build();
    return ServerServiceDefinition.builder(service)
        .addMethod(export, ServerCalls.asyncUnaryCall(this::export))
        .build();
  }

  private void export(ReceivedSpans request, StreamObserver<ExportTraceServiceResponse> responses) {
    long start = System.nanoTime();
    TenantId tenant;
    try {
      tenant = SpanTenant.of(ServiceRequestContext.currentOrNull());
    } catch (IllegalArgumentException e) {
      exchange.refuse(start, responses, SpanTenant.invalid(e));
      return;
    }
    // With nothing rejected, the request's own bytes are the spans' stored form (same wire format
    // as TracesData): nothing is encoded again.
    SpanSubmission checked = timeCheck.check(tenant, request.decoded(), request::bytes);
    exchange.handle(
        start,
        checked,
        responses,
        submission -> OtlpResponses.exportResponse(submission.decoded()),
        submission -> null);
  }
}
