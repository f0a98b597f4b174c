package io.tracemate.receivers.logs;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.tracemate.codec.logs.DecodedLogs;
import io.tracemate.codec.logs.OtlpLogDecoder;
import io.tracemate.component.BatchConsumer;
import io.tracemate.component.LogBatch;
import io.tracemate.receivers.ReceiverLimits;
import io.tracemate.receivers.exchange.BodyDecoding;
import io.tracemate.receivers.exchange.HttpExchange;
import io.tracemate.receivers.exchange.OtlpHttpResponder;
import io.tracemate.receivers.exchange.ReceiverMetrics;
import io.tracemate.receivers.exchange.ReceiverService;
import io.tracemate.receivers.exchange.RequestBodies.Coding;
import java.time.Clock;
import java.util.Set;

/**
 * OTLP/HTTP logs: {@code POST /v1/logs} (also at Loki's {@code /otlp/v1/logs}) with an
 * {@code ExportLogsServiceRequest} as {@code application/x-protobuf} or OTLP/JSON {@code application/json},
 * optionally gzip. Labels as {@link io.tracemate.codec.logs.OtlpLogLabels} maps them; tenant from
 * {@code X-Scope-OrgID}.
 *
 * <p>Answers in the request's content type, on the same exchange and with the same status mapping as the span
 * receivers: 200 with an empty response once stored, or with {@code partialSuccess} counting and listing records
 * rejected (malformed IDs) or refused by the limits (too old, line too long, new streams beyond the active stream
 * limit...; the rest is stored); 429 with {@code Retry-After} and {@code RetryInfo} when a rate limit refused
 * entries; 503 likewise when the durable queue pushes back or the request-body budget
 * ({@link io.tracemate.receivers.exchange.RequestBodyBudget}) is full; 400 (a {@code google.rpc.Status} naming what
 * and where) for unreadable bodies; 405, 413, 415; 500.
 *
 * <p>Bind with {@code sb.service(new OtlpHttpLogsService(consumer, intake, limits, clock))}. Thread-safe.
 */
public final class OtlpHttpLogsService implements ReceiverService {
  public static final String PATH = "/v1/logs";

  /** Where Loki serves OTLP logs, so clients pointed at a Loki base URL work unchanged. */
  public static final String LOKI_PATH = "/otlp/v1/logs";

  private static final OtlpHttpResponder<LogSubmission> JSON =
      new OtlpHttpResponder<>(true, OtlpHttpLogsService::response, LogSubmission::otlpRefusal);
  private static final OtlpHttpResponder<LogSubmission> PROTOBUF =
      new OtlpHttpResponder<>(false, OtlpHttpLogsService::response, LogSubmission::otlpRefusal);

  private final LogIntake intake;
  private final HttpExchange<LogSubmission, LogBatch> exchange;
  private final Clock clock;

  /** @param clock the time of receipt, for records with neither time nor observed time */
  public OtlpHttpLogsService(
      BatchConsumer<LogBatch> consumer, LogIntake intake, ReceiverLimits limits, Clock clock) {
    this.intake = intake;
    this.exchange =
        new HttpExchange<>(
            ReceiverMetrics.OTLP,
            "log records",
            limits.maxRequestBytes(),
            limits.maxRequestObjects(),
            intake.metrics(),
            intake.forReceiver(ReceiverMetrics.OTLP, ReceiverMetrics.HTTP),
            consumer);
    this.clock = clock;
  }

  @Override
  public Set<Route> routes() {
    return Set.of(Route.builder().exact(PATH).build(), Route.builder().exact(LOKI_PATH).build());
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    boolean protobuf = OtlpHttpResponder.isProtobuf(req.contentType());
    OtlpHttpResponder<LogSubmission> responder = protobuf ? PROTOBUF : JSON;
    HttpResponse refused = exchange.refuseUnlessOtlp(ctx, req, responder);
    if (refused != null) {
      return refused;
    }
    String tenant;
    try {
      tenant = LogIntake.tenant(ctx, req.headers());
    } catch (IllegalArgumentException e) {
      return exchange.refuse(LogIntake.invalidTenant(e), responder);
    }
    long received = clock.millis() * 1_000_000L;
    return exchange.handle(
        ctx,
        req,
        Coding.of(req.headers()),
        null,
        protobuf ? LogBodyShapes.OTLP_PROTOBUF : LogBodyShapes.OTLP_JSON,
        body -> intake.check(tenant, decode(body, protobuf, received)),
        responder);
  }

  private static io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse response(
      LogSubmission submission) {
    return OtlpLogResponses.exportResponse(submission.decoded(), submission.validation());
  }

  private static DecodedLogs decode(byte[] body, boolean protobuf, long receivedNanos) {
    ExportLogsServiceRequest request =
        BodyDecoding.otlpRequest(
            body,
            protobuf,
            ExportLogsServiceRequest.getDefaultInstance(),
            OtlpLogDecoder::parseJson);
    return OtlpLogDecoder.decode(request, receivedNanos);
  }
}
