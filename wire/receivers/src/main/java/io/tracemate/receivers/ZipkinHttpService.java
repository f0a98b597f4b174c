package io.tracemate.receivers;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.codec.otlp.DecodedSpans;
import io.tracemate.codec.zipkin.ZipkinSpanDecoder;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.BatchConsumer;
import io.tracemate.component.SpanBatch;
import io.tracemate.model.Span;
import io.tracemate.receivers.exchange.BodyDecoding;
import io.tracemate.receivers.exchange.BodyShape;
import io.tracemate.receivers.exchange.HttpExchange;
import io.tracemate.receivers.exchange.MalformedRequestException;
import io.tracemate.receivers.exchange.PlainTextResponder;
import io.tracemate.receivers.exchange.ReceiverMetrics;
import io.tracemate.receivers.exchange.ReceiverService;
import io.tracemate.receivers.exchange.RequestBodies.Coding;
import io.tracemate.receivers.exchange.RequestBodyBudget;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Zipkin v2 span ingest: {@code POST /api/v2/spans} with a JSON array of spans ({@code application/json}, or
 * no Content-Type at all, as Zipkin's server allows) or a proto3 {@code ListOfSpans}
 * ({@code application/x-protobuf}), optionally {@code Content-Encoding: gzip}. The mapping onto the model is
 * {@link ZipkinSpanDecoder}'s.
 *
 * <p>Start times follow {@link SpanTimeCheck}, except that a span with neither timestamp nor annotations (a
 * fragment Zipkin accepts) is timed at its receipt. Zipkin has no partial success, so a request holding a span
 * whose start time is refused (too old, too far in the future) is refused whole, as one with an invalid ID is:
 * 400 naming the spans and why, and nothing stored.
 *
 * <p>The spans go to the request's tenant ({@link SpanTenant}; Zipkin itself has none); 400 for an invalid one.
 *
 * <p>Answers 202 (empty body) once the spans are durable; errors are plain-text messages: 400 for unreadable
 * bodies (zipkin2's explanation) and refused start times, 405 with {@code Allow: POST}, 413 past
 * {@link ReceiverLimits#maxRequestBytes()} after decompression, 415 for other media types or codings, 503
 * with {@code Retry-After} when the consumer pushes back or the request-body budget ({@link RequestBodyBudget}) is
 * full, 500 when it fails otherwise.
 *
 * <p>Bind with {@code sb.service(new ZipkinHttpService(consumer, limits, metrics))}; the service carries its route
 * ({@value #PATH}). Thread-safe.
 */
public final class ZipkinHttpService implements ReceiverService {
  public static final String PATH = "/api/v2/spans";

  /** Zipkin answers 202 with an empty body; errors in plain text. */
  private static final Function<byte[], List<Span>> JSON = ZipkinSpanDecoder::decodeJson;

  private static final Function<byte[], List<Span>> PROTO3 = ZipkinSpanDecoder::decodeProto3;

  private static final PlainTextResponder<SpanSubmission> TEXT =
      new PlainTextResponder<>(HttpStatus.ACCEPTED, submission -> null);

  private final HttpExchange<SpanSubmission, SpanBatch> exchange;
  private final SpanTimeCheck timeCheck;
  private final Clock clock;

  public ZipkinHttpService(
      BatchConsumer<SpanBatch> consumer, ReceiverLimits limits, ReceiverMetrics metrics) {
    this(consumer, limits, metrics, Clock.systemUTC());
  }

  ZipkinHttpService(
      BatchConsumer<SpanBatch> consumer,
      ReceiverLimits limits,
      ReceiverMetrics metrics,
      Clock clock) {
    this.exchange =
        new HttpExchange<>(
            ReceiverMetrics.ZIPKIN,
            "spans",
            limits.maxRequestBytes(),
            limits.maxRequestObjects(),
            metrics,
            new SpanIntake(metrics, ReceiverMetrics.ZIPKIN, ReceiverMetrics.HTTP),
            consumer);
    this.timeCheck = new SpanTimeCheck(limits, clock);
    this.clock = clock;
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
    Function<byte[], List<Span>> decoder = decoder(req.contentType());
    if (decoder == null) {
      return exchange.refuseMediaType(req, "application/json or application/x-protobuf", TEXT);
    }
    Coding coding = Coding.of(req.headers());
    if (coding != Coding.IDENTITY && coding != Coding.GZIP) {
      return exchange.refuseCoding(req, "gzip or none", TEXT);
    }
    TenantId tenant;
    try {
      tenant = SpanTenant.of(ctx);
    } catch (IllegalArgumentException e) {
      return exchange.refuse(SpanTenant.invalid(e), TEXT);
    }
    BodyShape shape = decoder == PROTO3 ? SpanBodyShapes.ZIPKIN_PROTO3 : SpanBodyShapes.ZIPKIN_JSON;
    return exchange.handle(
        ctx, req, coding, null, shape, body -> decode(tenant, decoder, body), TEXT);
  }

  private static Function<byte[], List<Span>> decoder(MediaType contentType) {
    if (contentType == null) {
      return JSON;
    }
    if (!contentType.type().equals("application")) {
      return null;
    }
    return switch (contentType.subtype()) {
      case "json" -> JSON;
      case "x-protobuf", "protobuf" -> PROTO3;
      default -> null;
    };
  }

  private SpanSubmission decode(
      TenantId tenant, Function<byte[], List<Span>> decoder, byte[] body) {
    List<Span> spans = BodyDecoding.decode(body, decoder, "cannot decode Zipkin spans");
    SpanSubmission checked =
        timeCheck.check(tenant, new DecodedSpans(timeFragments(spans), 0, ""), null);
    DecodedSpans decoded = checked.decoded();
    if (decoded.hasRejections()) {
      // No partial success in Zipkin's protocol: a 400 that names the spans, and nothing stored, as
      // for IDs.
      SpanRejection reason = checked.rejected().keySet().iterator().next();
      throw new MalformedRequestException(
          "cannot store Zipkin spans, none of the "
              + spans.size()
              + " were stored: "
              + decoded.errorMessage(),
          null,
          reason.label());
    }
    return checked;
  }

  /**
   * Spans without a timestamp and without annotations (fragments, such as a late half that only adds tags,
   * which Zipkin accepts) are timed at their receipt, with zero duration, as Zipkin's own storage files them:
   * they stay findable by trace ID and merge into their trace instead of being refused or lost at 1970.
   */
  private List<Span> timeFragments(List<Span> spans) {
    List<Span> timed = null;
    long received = 0;
    for (int i = 0; i < spans.size(); i++) {
      Span span = spans.get(i);
      if (span.startEpochNanos() == 0) {
        if (timed == null) {
          timed = new ArrayList<>(spans);
          Instant now = clock.instant();
          received = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }
        timed.set(i, span.toBuilder().startEpochNanos(received).endEpochNanos(received).build());
      }
    }
    return timed == null ? spans : timed;
  }
}
