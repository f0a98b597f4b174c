package io.tracemate.receivers;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.tracemate.codec.otlp.DecodedSpans;
import io.tracemate.codec.otlp.OtlpJson;
import io.tracemate.codec.otlp.OtlpTraceDecoder;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.BatchConsumer;
import io.tracemate.component.SpanBatch;
import io.tracemate.receivers.exchange.BodyDecoding;
import io.tracemate.receivers.exchange.HttpExchange;
import io.tracemate.receivers.exchange.OtlpHttpResponder;
import io.tracemate.receivers.exchange.ReceiverMetrics;
import io.tracemate.receivers.exchange.ReceiverService;
import io.tracemate.receivers.exchange.RequestBodies.Coding;
import io.tracemate.receivers.exchange.RequestBodyBudget;
import java.time.Clock;
import java.util.Set;

/**
 * OTLP/HTTP traces: {@code POST /v1/traces} with an {@code ExportTraceServiceRequest} as
 * {@code application/x-protobuf} or OTLP/JSON {@code application/json} (media type parameters such as charset
 * are ignored), optionally {@code Content-Encoding: gzip}.
 *
 * <p>The spans go to the request's tenant ({@link SpanTenant}); 400 for an invalid one.
 *
 * <p>Answers, always in the request's content type (JSON when the request's type is not one of the two):
 * <ul>
 *   <li>200 with an empty {@code ExportTraceServiceResponse} ({@code {}} in JSON) once the spans are durable;
 *       with {@code partialSuccess} counting and explaining the spans refused: invalid IDs, or a start time
 *       the store cannot keep ({@link SpanTimeCheck});
 *   <li>400 with a {@code google.rpc.Status} naming what is wrong and where, for bodies that cannot be read;
 *   <li>405 (with {@code Allow: POST}), 413 when the body passes {@link ReceiverLimits#maxRequestBytes()}
 *       after decompression, 415 for other media types or content codings;
 *   <li>503 with {@code Retry-After} (seconds) and a {@code google.rpc.RetryInfo} detail when the consumer
 *       pushes back (503 rather than 429: both are retryable for OTLP clients, and 503 is also what Zipkin clients
 *       and Loki's OTLP endpoint use), likewise when the request-body budget ({@link RequestBodyBudget}) is
 *       full; 500 when the consumer fails otherwise.
 * </ul>
 *
 * <p>Bind with {@code sb.service(new OtlpHttpTraceService(consumer, limits, metrics))}: the service carries its
 * route ({@value #PATH}) and lifts Armeria's own request length limit, since it enforces the limit itself
 * after decompression. Thread-safe.
 */
public final class OtlpHttpTraceService implements ReceiverService {
  public static final String PATH = "/v1/traces";

  private static final OtlpHttpResponder<SpanSubmission> JSON =
      new OtlpHttpResponder<>(true, s -> OtlpResponses.exportResponse(s.decoded()), s -> null);
  private static final OtlpHttpResponder<SpanSubmission> PROTOBUF =
      new OtlpHttpResponder<>(false, s -> OtlpResponses.exportResponse(s.decoded()), s -> null);

  private final HttpExchange<SpanSubmission, SpanBatch> exchange;
  private final SpanTimeCheck timeCheck;

  public OtlpHttpTraceService(
      BatchConsumer<SpanBatch> consumer, ReceiverLimits limits, ReceiverMetrics metrics) {
    this.exchange =
        new HttpExchange<>(
            ReceiverMetrics.OTLP,
            "spans",
            limits.maxRequestBytes(),
            limits.maxRequestObjects(),
            metrics,
            new SpanIntake(metrics, ReceiverMetrics.OTLP, ReceiverMetrics.HTTP),
            consumer);
    this.timeCheck = new SpanTimeCheck(limits, Clock.systemUTC());
  }

  @Override
  public Set<Route> routes() {
    return Set.of(Route.builder().exact(PATH).build());
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    boolean protobuf = OtlpHttpResponder.isProtobuf(req.contentType());
    OtlpHttpResponder<SpanSubmission> responder = protobuf ? PROTOBUF : JSON;
    HttpResponse refused = exchange.refuseUnlessOtlp(ctx, req, responder);
    if (refused != null) {
      return refused;
    }
    TenantId tenant;
    try {
      tenant = SpanTenant.of(ctx);
    } catch (IllegalArgumentException e) {
      return exchange.refuse(SpanTenant.invalid(e), responder);
    }
    return exchange.handle(
        ctx,
        req,
        Coding.of(req.headers()),
        null,
        protobuf ? SpanBodyShapes.OTLP_PROTOBUF : SpanBodyShapes.OTLP_JSON,
        body -> decode(tenant, body, protobuf),
        responder);
  }

  /**
   * With nothing rejected, a protobuf body is itself the spans' stored form (TracesData's wire format), and is
   * decoded straight into spans; a JSON body's stored form is the parsed request, serialized.
   */
  private SpanSubmission decode(TenantId tenant, byte[] body, boolean protobuf) {
    if (protobuf) {
      DecodedSpans decoded =
          BodyDecoding.protobuf(
              body,
              "ExportTraceServiceRequest",
              bytes -> OtlpTraceDecoder.decode(bytes, 0, bytes.length));
      return timeCheck.check(tenant, decoded, () -> body);
    }
    ExportTraceServiceRequest request =
        BodyDecoding.otlpRequest(
            body,
            false,
            ExportTraceServiceRequest.getDefaultInstance(),
            OtlpJson::parseTraceRequest);
    return timeCheck.check(tenant, OtlpTraceDecoder.decode(request), request::toByteArray);
  }
}
