package io.tracemate.receivers.logs;

import com.linecorp.armeria.server.HttpServiceWithRoutes;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.tracemate.codec.logs.OtlpLogDecoder;
import io.tracemate.component.BatchConsumer;
import io.tracemate.component.LogBatch;
import io.tracemate.receivers.ReceiverLimits;
import io.tracemate.receivers.exchange.GrpcExchange;
import io.tracemate.receivers.exchange.GrpcReceiver;
import io.tracemate.receivers.exchange.ReceiverMetrics;
import java.time.Clock;

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
 *       request-body budget ({@link io.tracemate.receivers.exchange.RequestBodyBudget}) is full;
 *   <li>INVALID_ARGUMENT for undecodable messages; RESOURCE_EXHAUSTED without RetryInfo for messages over
 *       {@link ReceiverLimits#maxRequestBytes()}; INTERNAL when the consumer fails otherwise.
 * </ul>
 *
 * <p>Bind with {@code sb.service(OtlpGrpcLogsService.grpcService(consumer, intake, limits, clock))}. Thread-safe.
 */
public final class OtlpGrpcLogsService extends LogsServiceGrpc.LogsServiceImplBase {
  private final LogIntake intake;
  private final GrpcExchange<LogSubmission, LogBatch> exchange;
  private final Clock clock;

  /** @param clock the time of receipt, for records with neither time nor observed time */
  public OtlpGrpcLogsService(BatchConsumer<LogBatch> consumer, LogIntake intake, Clock clock) {
    this.intake = intake;
    this.exchange =
        new GrpcExchange<>(
            ReceiverMetrics.OTLP,
            "log records",
            intake.metrics(),
            intake.forReceiver(ReceiverMetrics.OTLP, ReceiverMetrics.GRPC),
            consumer);
    this.clock = clock;
  }

  /** The bindable service; see {@link GrpcReceiver#service}. */
  public static HttpServiceWithRoutes grpcService(
      BatchConsumer<LogBatch> consumer, LogIntake intake, ReceiverLimits limits, Clock clock) {
    OtlpGrpcLogsService service = new OtlpGrpcLogsService(consumer, intake, clock);
    return GrpcReceiver.service(
        service,
        "ExportLogsServiceRequest",
        limits.maxRequestBytes(),
        LogBodyShapes.OTLP_PROTOBUF,
        limits.maxRequestObjects(),
        service.exchange::budgetRefused);
  }

  @Override
  public void export(
      ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> responses) {
    long start = System.nanoTime();
    ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
    String tenant;
    try {
      tenant =
          ctx == null ? LogIntake.DEFAULT_TENANT : LogIntake.tenant(ctx, ctx.request().headers());
    } catch (IllegalArgumentException e) {
      exchange.refuse(start, responses, LogIntake.invalidTenant(e));
      return;
    }
    LogSubmission checked =
        intake.check(tenant, OtlpLogDecoder.decode(request, clock.millis() * 1_000_000L));
    exchange.handle(
        start,
        checked,
        responses,
        submission ->
            OtlpLogResponses.exportResponse(submission.decoded(), submission.validation()),
        LogSubmission::otlpRefusal);
  }
}
