package io.tracemate.receivers;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.ClosedSessionException;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.stream.AbortedStreamException;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.codec.otlp.DecodedSpans;
import io.tracemate.ingest.IngestRejectedException;
import io.tracemate.ingest.SpanSink;
import io.tracemate.receivers.ReceiverMetrics.Reason;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps every HTTP receiver shares: read the body within the limit, inflate it (charging the request-body
 * budget), decode it (off the event loop when it is big), hand the spans to the sink, and answer only once the
 * sink's future completes. Each
 * receiver supplies its decoder and how its answers look ({@link Responder}). Thread-safe.
 */
final class HttpIngest {
  private static final Logger log = LoggerFactory.getLogger(HttpIngest.class);

  /** Bodies up to this size are decoded on the event loop; bigger ones would stall other connections. */
  private static final int INLINE_DECODE_BYTES = 128 * 1024;
  /** Compressed bodies inflate by an unknown factor, so they leave the event loop much sooner. */
  private static final int INLINE_INFLATE_BYTES = 8 * 1024;

  /** How one receiver phrases its answers. */
  interface Responder {
    HttpResponse success(DecodedSpans decoded);

    /** An error answer; {@code retryAfterSeconds} is positive only for retryable refusals. */
    HttpResponse error(HttpStatus status, String message, long retryAfterSeconds);
  }

  private final String receiver;
  private final SpanSink sink;
  private final ReceiverLimits limits;
  private final ReceiverMetrics metrics;

  HttpIngest(String receiver, SpanSink sink, ReceiverLimits limits, ReceiverMetrics metrics) {
    this.receiver = receiver;
    this.sink = sink;
    this.limits = limits;
    this.metrics = metrics;
  }

  /**
   * Runs the whole exchange. {@code decoder} turns the inflated body into spans and throws
   * {@link MalformedRequestException} for bodies it cannot read.
   */
  HttpResponse handle(ServiceRequestContext ctx, HttpRequest req, RequestBodies.Encoding encoding,
      Function<byte[], DecodedRequest> decoder, Responder responder) {
    long start = System.nanoTime();
    int maxBytes = limits.maxRequestBytes();
    CompletableFuture<HttpResponse> response = RequestBodies.read(ctx, req, maxBytes)
        .thenCompose(raw -> decode(ctx, raw, encoding, decoder))
        .thenCompose(request -> ingest(request, responder))
        .exceptionally(failure -> requestFailure(Ingest.unwrap(failure), responder));
    response.whenComplete((unused, failure) -> metrics.observeDuration(receiver, start));
    return HttpResponse.of(response);
  }

  /** A refusal before the body is read (wrong method, media type or coding). */
  HttpResponse refuse(Reason reason, HttpStatus status, String message, Responder responder) {
    metrics.requestRejected(receiver, reason);
    return responder.error(status, message, 0);
  }

  private CompletableFuture<DecodedRequest> decode(ServiceRequestContext ctx, byte[] raw,
      RequestBodies.Encoding encoding, Function<byte[], DecodedRequest> decoder) {
    boolean gzip = encoding == RequestBodies.Encoding.GZIP;
    RequestBodyBudget.Lease lease = RequestBodyBudget.leaseOf(ctx);
    Function<byte[], DecodedRequest> work = gzip
        ? body -> decoder.apply(RequestBodies.gunzip(body, limits.maxRequestBytes(), lease))
        : decoder;
    if (raw.length <= (gzip ? INLINE_INFLATE_BYTES : INLINE_DECODE_BYTES)) {
      try {
        return CompletableFuture.completedFuture(work.apply(raw));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return CompletableFuture.supplyAsync(() -> work.apply(raw), ctx.blockingTaskExecutor());
  }

  private CompletableFuture<HttpResponse> ingest(DecodedRequest request, Responder responder) {
    DecodedSpans decoded = request.decoded();
    int kept = decoded.spans().size();
    metrics.received(receiver, ReceiverMetrics.HTTP, kept + decoded.rejectedCount());
    request.rejected().forEach((reason, count) -> metrics.rejected(receiver, reason, count));
    if (kept == 0) {
      return CompletableFuture.completedFuture(responder.success(decoded));
    }
    return Ingest.accept(sink, decoded.spans(), request.storedForm()).handle((unused, failure) -> {
      if (failure == null) {
        metrics.accepted(receiver, kept);
        return responder.success(decoded);
      }
      Throwable cause = Ingest.unwrap(failure);
      if (cause instanceof IngestRejectedException rejected) {
        metrics.rejected(receiver, Reason.BACKPRESSURE, kept);
        return responder.error(HttpStatus.SERVICE_UNAVAILABLE,
            "spans not accepted, retry later: " + rejected.getMessage(), Ingest.retryAfterSeconds(rejected));
      }
      metrics.rejected(receiver, Reason.INTERNAL_ERROR, kept);
      log.warn("{} receiver could not store {} spans", receiver, kept, cause);
      return responder.error(HttpStatus.INTERNAL_SERVER_ERROR, "could not store spans: " + cause, 0);
    });
  }

  private HttpResponse requestFailure(Throwable cause, Responder responder) {
    if (cause instanceof BodyBudgetExhaustedException exhausted) {
      metrics.requestRejected(receiver, Reason.INFLIGHT_LIMIT);
      return responder.error(HttpStatus.SERVICE_UNAVAILABLE, exhausted.getMessage(), exhausted.retryAfterSeconds());
    }
    if (cause instanceof BodyTooLargeException) {
      metrics.requestRejected(receiver, Reason.TOO_LARGE);
      return responder.error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, cause.getMessage(), 0);
    }
    if (cause instanceof MalformedRequestException malformed) {
      metrics.requestRejected(receiver, malformed.reason());
      return responder.error(HttpStatus.BAD_REQUEST, cause.getMessage(), 0);
    }
    if (cause instanceof ClosedStreamException || cause instanceof AbortedStreamException
        || cause instanceof ClosedSessionException || cause instanceof CancellationException) {
      // The client went away mid-upload; nobody will read this answer.
      metrics.requestRejected(receiver, Reason.ABORTED);
      log.debug("{} receiver: client aborted the request", receiver, cause);
      return responder.error(HttpStatus.BAD_REQUEST, "the request body was not received completely", 0);
    }
    metrics.requestRejected(receiver, Reason.INTERNAL_ERROR);
    log.warn("{} receiver failed to handle a request", receiver, cause);
    return responder.error(HttpStatus.INTERNAL_SERVER_ERROR, "request failed: " + cause, 0);
  }
}
