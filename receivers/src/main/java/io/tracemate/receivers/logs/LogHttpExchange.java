package io.tracemate.receivers.logs;

import com.linecorp.armeria.common.ClosedSessionException;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.stream.AbortedStreamException;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.codec.logs.DecodedLogs;
import io.tracemate.codec.logs.PayloadTooLargeException;
import io.tracemate.receivers.BodyBudgetExhaustedException;
import io.tracemate.receivers.BodyTooLargeException;
import io.tracemate.receivers.RequestBodyBudget;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps both HTTP log receivers share: collect the body (bounded by the service's request length; bytes
 * charged to the {@link RequestBodyBudget} by its decorator), inflate it within the limit and the budget, decode
 * it (off the event loop when big), push it through {@link LogIngest}, and answer once the outcome is known, in
 * the receiver's own phrasing ({@link Responder}). Thread-safe.
 */
final class LogHttpExchange {
  private static final Logger log = LoggerFactory.getLogger(LogHttpExchange.class);
  /** Bodies up to this size are decoded on the event loop; bigger ones would stall other connections. */
  private static final int INLINE_DECODE_BYTES = 64 * 1024;

  /** How one receiver phrases its answers. */
  interface Responder {
    HttpResponse outcome(LogIngest.Outcome outcome);

    /** An error answer; {@code retryAfterSeconds} is positive only for retryable refusals. */
    HttpResponse error(HttpStatus status, String message, long retryAfterSeconds);
  }

  private final String receiver;
  private final LogIngest ingest;
  private final int maxBytes;

  LogHttpExchange(String receiver, LogIngest ingest, int maxBytes) {
    this.receiver = receiver;
    this.ingest = ingest;
    this.maxBytes = maxBytes;
  }

  /** @param decoder turns the inflated body into streams; throws IllegalArgumentException for unreadable ones */
  HttpResponse handle(ServiceRequestContext ctx, HttpRequest req, LogBodies.Encoding encoding,
      Function<byte[], DecodedLogs> decoder, Responder responder) {
    long start = System.nanoTime();
    String tenant;
    try {
      tenant = LogIngest.tenant(req.headers());
    } catch (IllegalArgumentException e) {
      return refuse("invalid_tenant", HttpStatus.BAD_REQUEST, e.getMessage(), responder);
    }
    RequestBodyBudget.Lease lease = RequestBodyBudget.leaseOf(ctx);
    CompletableFuture<HttpResponse> response = req.aggregate()
        .thenCompose(aggregated -> {
          byte[] raw = aggregated.content().array();
          Function<byte[], DecodedLogs> work =
              body -> decoder.apply(LogBodies.inflate(body, encoding, maxBytes, lease));
          if (raw.length <= INLINE_DECODE_BYTES && encoding == LogBodies.Encoding.IDENTITY) {
            return CompletableFuture.completedFuture(work.apply(raw));
          }
          return CompletableFuture.supplyAsync(() -> work.apply(raw), ctx.blockingTaskExecutor());
        })
        .thenCompose(decoded -> ingest.push(receiver, LogReceiverMetrics.HTTP, tenant, decoded))
        .thenApply(responder::outcome)
        .exceptionally(failure -> requestFailure(LogIngest.unwrap(failure), responder));
    response.whenComplete((unused, failure) -> ingest.metrics().observeDuration(receiver, start));
    return HttpResponse.of(response);
  }

  /** A refusal before the body is read (wrong method, media type or coding). */
  HttpResponse refuse(String reason, HttpStatus status, String message, Responder responder) {
    ingest.metrics().requestRejected(receiver, reason);
    return responder.error(status, message, 0);
  }

  private HttpResponse requestFailure(Throwable cause, Responder responder) {
    if (cause instanceof BodyBudgetExhaustedException exhausted) {
      ingest.metrics().requestRejected(receiver, "inflight_limit");
      return responder.error(HttpStatus.SERVICE_UNAVAILABLE, exhausted.getMessage(), exhausted.retryAfterSeconds());
    }
    if (cause instanceof BodyTooLargeException || cause instanceof PayloadTooLargeException
        || cause instanceof ContentTooLargeException) {
      ingest.metrics().requestRejected(receiver, "too_large");
      String message = cause instanceof ContentTooLargeException
          ? "the request body exceeds the limit of " + maxBytes + " bytes" : cause.getMessage();
      return responder.error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, message, 0);
    }
    if (cause instanceof LogBodies.MalformedException || cause instanceof IllegalArgumentException) {
      ingest.metrics().requestRejected(receiver, "malformed");
      return responder.error(HttpStatus.BAD_REQUEST, cause.getMessage(), 0);
    }
    if (cause instanceof ClosedStreamException || cause instanceof AbortedStreamException
        || cause instanceof ClosedSessionException || cause instanceof CancellationException) {
      // The client went away mid-upload (or while its body was being decoded); nobody reads this answer.
      ingest.metrics().requestRejected(receiver, "aborted");
      log.debug("{} log receiver: client aborted the request", receiver, cause);
      return responder.error(HttpStatus.BAD_REQUEST, "the request body was not received completely", 0);
    }
    ingest.metrics().requestRejected(receiver, "internal_error");
    log.warn("{} log receiver failed to handle a request", receiver, cause);
    return responder.error(HttpStatus.INTERNAL_SERVER_ERROR, "request failed: " + cause, 0);
  }
}
