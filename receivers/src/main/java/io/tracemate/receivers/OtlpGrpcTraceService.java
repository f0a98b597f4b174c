package io.tracemate.receivers;

import com.google.rpc.Code;
import com.linecorp.armeria.server.HttpServiceWithRoutes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.tracemate.codec.otlp.DecodedSpans;
import io.tracemate.codec.otlp.OtlpTraceDecoder;
import io.tracemate.ingest.IngestRejectedException;
import io.tracemate.ingest.SpanSink;
import io.tracemate.receivers.ReceiverMetrics.Reason;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/gRPC traces ({@code opentelemetry.proto.collector.trace.v1.TraceService/Export}). The response is sent
 * only once the sink's future completes.
 *
 * <ul>
 *   <li>OK with an empty response, or with {@code partial_success} counting and explaining the spans refused:
 *       invalid IDs, or a start time the store cannot keep ({@link SpanTimeCheck});
 *   <li>UNAVAILABLE with a {@code google.rpc.RetryInfo} detail when the sink pushes back or the request-body
 *       budget ({@link RequestBodyBudget}) is full (retryable);
 *   <li>INVALID_ARGUMENT for messages that are not protobuf; RESOURCE_EXHAUSTED for messages larger than
 *       {@link ReceiverLimits#maxRequestBytes()} after decompression (gzip is supported, as OTLP requires);
 *       UNIMPLEMENTED for a message compressed in a coding other than gzip; INTERNAL when the sink fails
 *       otherwise. See {@link OtlpGrpc} for the codes of malformed requests.
 * </ul>
 *
 * <p>Use {@link #grpcService} to get a bindable service: {@code sb.service(OtlpGrpcTraceService.grpcService(
 * sink, limits, metrics))}. Thread-safe.
 */
public final class OtlpGrpcTraceService extends TraceServiceGrpc.TraceServiceImplBase {
  private static final Logger log = LoggerFactory.getLogger(OtlpGrpcTraceService.class);

  private final SpanSink sink;
  private final ReceiverMetrics metrics;
  private final SpanTimeCheck timeCheck;

  /** @param limits only its span time limits apply here; {@link #grpcService} applies the size limit */
  public OtlpGrpcTraceService(SpanSink sink, ReceiverLimits limits, ReceiverMetrics metrics) {
    this.sink = sink;
    this.metrics = metrics;
    this.timeCheck = new SpanTimeCheck(limits, Clock.systemUTC());
  }

  /** The bindable service; see {@link OtlpGrpc#service}. */
  public static HttpServiceWithRoutes grpcService(SpanSink sink, ReceiverLimits limits, ReceiverMetrics metrics) {
    return OtlpGrpc.service(new OtlpGrpcTraceService(sink, limits, metrics), "ExportTraceServiceRequest", limits);
  }

  @Override
  public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> responses) {
    long start = System.nanoTime();
    if (!OtlpGrpc.admitInflated(request, responses,
        () -> metrics.requestRejected(ReceiverMetrics.OTLP, Reason.INFLIGHT_LIMIT))) {
      return;
    }
    // With nothing rejected, the request's own bytes are the spans' stored form (same wire format as
    // TracesData): serializing the parsed message is far cheaper than encoding the spans afresh.
    DecodedRequest checked = timeCheck.check(OtlpTraceDecoder.decode(request), request::toByteArray);
    DecodedSpans decoded = checked.decoded();
    int kept = decoded.spans().size();
    metrics.received(ReceiverMetrics.OTLP, ReceiverMetrics.GRPC, kept + decoded.rejectedCount());
    checked.rejected().forEach((reason, count) -> metrics.rejected(ReceiverMetrics.OTLP, reason, count));
    if (kept == 0) {
      respond(responses, OtlpResponses.exportResponse(decoded), start);
      return;
    }
    Ingest.accept(sink, decoded.spans(), checked.storedForm())
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
            responses.onError(Status.INTERNAL.withDescription(StatusMessages.clean("could not store spans: " + cause))
                .asRuntimeException());
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
    return OtlpGrpc.withRetryInfo(Code.UNAVAILABLE, "spans not accepted, retry later: " + rejected.getMessage(),
        Ingest.retryDelay(rejected));
  }
}
