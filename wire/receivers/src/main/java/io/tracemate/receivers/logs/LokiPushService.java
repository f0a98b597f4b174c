package io.tracemate.receivers.logs;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.codec.logs.DecodedLogs;
import io.tracemate.codec.logs.LokiPushDecoder;
import io.tracemate.component.BatchConsumer;
import io.tracemate.component.LogBatch;
import io.tracemate.receivers.ReceiverLimits;
import io.tracemate.receivers.exchange.BodyDecoding;
import io.tracemate.receivers.exchange.HttpExchange;
import io.tracemate.receivers.exchange.PlainTextResponder;
import io.tracemate.receivers.exchange.ReceiverMetrics;
import io.tracemate.receivers.exchange.ReceiverService;
import io.tracemate.receivers.exchange.RequestBodies.Coding;
import io.tracemate.receivers.exchange.RequestBodyBudget;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Loki's push API, {@code POST /loki/api/v1/push}, as Promtail, Grafana Alloy and loki4j use it:
 * {@code application/json} (optionally gzip or deflate Content-Encoding), and, for any other Content-Type as in
 * Loki, a snappy-compressed protobuf {@code PushRequest}. The tenant is {@code X-Scope-OrgID}, or
 * {@value LogIntake#DEFAULT_TENANT}.
 *
 * <p>Answers as Loki does, errors in plain text:
 * <ul>
 *   <li>204 once every entry is durable;
 *   <li>400 listing every refused stream or entry (invalid labels, too old, too new, too far behind, line too
 *       long) after storing the rest; 400 for a body that cannot be read, saying what and where;
 *   <li>429 with {@code Retry-After} when the tenant's rate limit refused the push, or a stream's rate limit
 *       refused its entries (the other streams are stored); 429 without it when new streams would pass the
 *       tenant's active stream limit (their entries are refused, those of active streams stored), with Loki's
 *       "maximum active stream limit exceeded" message;
 *   <li>405, 413 (past {@link ReceiverLimits#maxRequestBytes()}, also after decompression), 415 for unknown
 *       codings, 503 with {@code Retry-After} when the WAL pushes back or the request-body budget
 *       ({@link RequestBodyBudget}) is full, 500 otherwise.
 * </ul>
 *
 * <p>Bind with {@code sb.service(new LokiPushService(consumer, intake, limits))}; the service carries its route
 * ({@value #PATH}). Thread-safe.
 */
public final class LokiPushService implements ReceiverService {
  public static final String PATH = "/loki/api/v1/push";

  /** Loki's answers: empty 204, or the problems as plain text. */
  private static final PlainTextResponder<LogSubmission> TEXT =
      new PlainTextResponder<>(HttpStatus.NO_CONTENT, LogSubmission::lokiRefusal);

  private final LogIntake intake;
  private final HttpExchange<LogSubmission, LogBatch> exchange;

  public LokiPushService(
      BatchConsumer<LogBatch> consumer, LogIntake intake, ReceiverLimits limits) {
    this.intake = intake;
    this.exchange =
        new HttpExchange<>(
            ReceiverMetrics.LOKI,
            "log entries",
            limits.maxRequestBytes(),
            limits.maxRequestObjects(),
            intake.metrics(),
            intake.forReceiver(ReceiverMetrics.LOKI, ReceiverMetrics.HTTP),
            consumer);
  }

  @Override
  public Set<Route> routes() {
    return Set.of(Route.builder().exact(PATH).build());
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    HttpResponse refused = exchange.refuseUnlessPost(ctx, req, TEXT);
    if (refused != null) {
      return refused;
    }
    Coding coding = Coding.of(req.headers());
    if (coding == null) {
      return exchange.refuseCoding(req, "gzip, deflate or none", TEXT);
    }
    String tenant;
    try {
      tenant = LogIntake.tenant(ctx, req.headers());
    } catch (IllegalArgumentException e) {
      return exchange.refuse(LogIntake.invalidTenant(e), TEXT);
    }
    boolean json = req.contentType() != null && req.contentType().is(MediaType.JSON);
    RequestBodyBudget.Lease lease = RequestBodyBudget.leaseOf(ctx);
    int maxBytes = exchange.maxBytes();
    Function<byte[], DecodedLogs> decoder =
        json ? LokiPushDecoder::decodeJson : LokiPushDecoder::decodeProtobuf;
    UnaryOperator<byte[]> unsnappy =
        json
            ? null
            : body ->
                BodyDecoding.decode(
                    body, raw -> LokiPushDecoder.unsnappy(raw, maxBytes, lease::charge), "");
    return exchange.handle(
        ctx,
        req,
        coding,
        unsnappy,
        json ? LogBodyShapes.LOKI_JSON : LogBodyShapes.LOKI_PROTOBUF,
        body -> intake.check(tenant, BodyDecoding.decode(body, decoder, "")),
        TEXT);
  }
}
