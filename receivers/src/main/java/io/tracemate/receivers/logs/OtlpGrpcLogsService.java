package io.tracemate.receivers.logs;

import com.google.rpc.Code;
import com.linecorp.armeria.server.HttpServiceWithRoutes;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.tracemate.codec.logs.DecodedLogs;
import io.tracemate.codec.logs.OtlpLogDecoder;
import io.tracemate.receivers.OtlpGrpc;
import io.tracemate.receivers.ReceiverLimits;
import io.tracemate.receivers.StatusMessages;
import java.time.Clock;
import java.time.Duration;

/**
 * OTLP/gRPC logs ({@code opentelemetry.proto.collector.logs.v1.LogsService/Export}); labels as
 * {@link io.tracemate.codec.logs.OtlpLogLabels} maps them, tenant from the {@code x-scope-orgid} metadata. The
 * response is sent once the accepted records are durable:
 *
 * <ul>
 *   <li>OK, with {@code partial_success} counting and explaining records rejected (malformed IDs) or refused by
 *       the limits (too old, too new, too far behind, line too long, label limits, new streams beyond the
 *       active stream limit);
 *   <li>RESOURCE_EXHAUSTED with a {@code google.rpc.RetryInfo} when a rate limit refused entries (retryable for
 *       OTLP exporters because of the RetryInfo); UNAVAILABLE with RetryInfo when the WAL pushes back or the
 *       request-body budget ({@link io.tracemate.receivers.RequestBodyBudget}) is full;
 *   <li>INVALID_ARGUMENT for undecodable messages; RESOURCE_EXHAUSTED without RetryInfo for messages over
 *       {@link ReceiverLimits#maxRequestBytes()}; INTERNAL when the sink fails otherwise.
 * </ul>
 *
 * <p>Bind with {@code sb.service(OtlpGrpcLogsService.grpcService(ingest, limits, clock))}. Thread-safe.
 */
public final class OtlpGrpcLogsService extends LogsServiceGrpc.LogsServiceImplBase {
  private final LogIngest ingest;
  private final Clock clock;

  public OtlpGrpcLogsService(LogIngest ingest, Clock clock) {
    this.ingest = ingest;
    this.clock = clock;
  }

  /** The bindable service; see {@link OtlpGrpc#service}. */
  public static HttpServiceWithRoutes grpcService(LogIngest ingest, ReceiverLimits limits, Clock clock) {
    return OtlpGrpc.service(new OtlpGrpcLogsService(ingest, clock), "ExportLogsServiceRequest", limits);
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
      responses.onError(Status.INVALID_ARGUMENT.withDescription(StatusMessages.clean(e.getMessage()))
          .asRuntimeException());
      return;
    }
    if (!OtlpGrpc.admitInflated(request, responses,
        () -> ingest.metrics().requestRejected(LogReceiverMetrics.OTLP, "inflight_limit"))) {
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
            .withDescription(StatusMessages.clean("could not store log records: " + failed.cause()))
            .asRuntimeException());
      }
      ingest.metrics().observeDuration(LogReceiverMetrics.OTLP, start);
    });
  }

  private static StatusRuntimeException withRetryInfo(Code code, String message, long retryAfterSeconds) {
    return OtlpGrpc.withRetryInfo(code, message, Duration.ofSeconds(retryAfterSeconds));
  }
}
