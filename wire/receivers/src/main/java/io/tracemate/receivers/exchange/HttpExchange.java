package io.tracemate.receivers.exchange;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.util.SafeCloseable;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.component.Batch;
import io.tracemate.component.BatchConsumer;
import io.tracemate.receivers.exchange.RequestBodies.Coding;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP exchange of every receiver (OTLP traces and logs, Zipkin, Loki push): read the body within the
 * per-request limit (bytes charged to the {@link RequestBodyBudget} by its decorator as they arrive), inflate it
 * within the limit and the budget, count what decoding it would create and bound that ({@link DecodedObjects}),
 * decode it (off the event loop when it is big), hand the batch to the consumer,
 * and answer only once the consumer's future completes, with the one status mapping ({@link ErrorAnswer},
 * {@link ErrorStatus}) phrased by the receiver's {@link HttpResponder}. What a signal counts and checks is its
 * {@link Intake}. Thread-safe.
 *
 * @param <S> the receiver's decoded and checked request
 * @param <B> the batch handed to the consumer
 */
public final class HttpExchange<S, B extends Batch> {
  private static final Logger log = LoggerFactory.getLogger(HttpExchange.class);

  /** Bodies up to this size are decoded on the event loop; bigger ones would stall other connections. */
  static final int INLINE_DECODE_BYTES = 64 * 1024;

  /** Compressed bodies inflate by an unknown factor, so they leave the event loop much sooner. */
  static final int INLINE_INFLATE_BYTES = 8 * 1024;

  private final String receiver;
  private final int maxBytes;
  private final DecodedObjects objects;
  private final ReceiverMetrics metrics;
  private final Delivery<S, B> delivery;

  /**
   * @param receiver the {@code receiver} label and log name ({@code otlp}, {@code zipkin}, {@code loki})
   * @param items what the batches hold, for messages: {@code spans}, {@code log entries}
   * @param maxBytes the largest body, compressed and inflated
   * @param maxObjects the most objects one body may decode into ({@link DecodedObjects})
   */
  public HttpExchange(
      String receiver,
      String items,
      int maxBytes,
      long maxObjects,
      ReceiverMetrics metrics,
      Intake<S, B> intake,
      BatchConsumer<B> consumer) {
    this.receiver = receiver;
    this.maxBytes = maxBytes;
    this.objects = new DecodedObjects(maxObjects);
    this.metrics = metrics;
    this.delivery = new Delivery<>(receiver, items, intake, consumer);
  }

  public int maxBytes() {
    return maxBytes;
  }

  /** A refusal before the body is read (wrong method, media type or coding, invalid tenant). */
  public HttpResponse refuse(ErrorAnswer answer, HttpResponder<S> responder) {
    metrics.requestRejected(receiver, answer.reason());
    return responder.error(answer);
  }

  /** 405 (with {@code Allow: POST}) for any method but POST; null for POST. */
  public HttpResponse refuseUnlessPost(
      ServiceRequestContext ctx, HttpRequest req, HttpResponder<S> responder) {
    return req.method() == HttpMethod.POST
        ? null
        : refuse(
            ErrorAnswer.of(
                ErrorStatus.METHOD_NOT_ALLOWED,
                ErrorAnswer.METHOD_NOT_ALLOWED,
                req.method() + " is not allowed on " + ctx.path() + "; use POST"),
            responder);
  }

  /** 415 for a Content-Type the receiver does not read; {@code expected} names those it does. */
  public HttpResponse refuseMediaType(
      HttpRequest req, String expected, HttpResponder<S> responder) {
    return refuse(
        ErrorAnswer.of(
            ErrorStatus.UNSUPPORTED_MEDIA_TYPE,
            ErrorAnswer.UNSUPPORTED_MEDIA_TYPE,
            "unsupported Content-Type '" + req.contentType() + "': use " + expected),
        responder);
  }

  /** 415 for a Content-Encoding the receiver does not read; {@code expected} names those it does. */
  public HttpResponse refuseCoding(HttpRequest req, String expected, HttpResponder<S> responder) {
    return refuse(
        ErrorAnswer.of(
            ErrorStatus.UNSUPPORTED_MEDIA_TYPE,
            ErrorAnswer.UNSUPPORTED_MEDIA_TYPE,
            "unsupported Content-Encoding '"
                + req.headers().get(HttpHeaderNames.CONTENT_ENCODING)
                + "': use "
                + expected),
        responder);
  }

  /**
   * What every OTLP/HTTP receiver refuses before reading a body, in this order: any method but POST (405), a
   * Content-Type other than protobuf or JSON (415), a Content-Encoding other than gzip or none (415); null when the
   * request passes.
   */
  public HttpResponse refuseUnlessOtlp(
      ServiceRequestContext ctx, HttpRequest req, HttpResponder<S> responder) {
    HttpResponse refused = refuseUnlessPost(ctx, req, responder);
    if (refused != null) {
      return refused;
    }
    if (!OtlpHttpResponder.isProtobuf(req.contentType())
        && !OtlpHttpResponder.isJson(req.contentType())) {
      return refuseMediaType(req, "application/x-protobuf or application/json", responder);
    }
    Coding coding = Coding.of(req.headers());
    return coding == Coding.IDENTITY || coding == Coding.GZIP
        ? null
        : refuseCoding(req, "gzip or none", responder);
  }

  /**
   * Runs the whole exchange.
   *
   * @param coding the request's Content-Encoding, one the receiver accepts
   * @param formatInflation how the format itself decompresses (Loki's snappy protobuf: within the limit, charged to
   *     the request's budget lease), which also keeps big bodies off the event loop as a Content-Encoding would;
   *     null when the format does not
   * @param shape what the body, inflated, decodes into: counted and bounded before {@code decoder} runs
   * @param decoder turns the inflated body into a checked request; throws {@link MalformedRequestException} for a
   *     body it cannot read, saying what and where
   */
  public HttpResponse handle(
      ServiceRequestContext ctx,
      HttpRequest req,
      Coding coding,
      UnaryOperator<byte[]> formatInflation,
      BodyShape shape,
      Function<byte[], S> decoder,
      HttpResponder<S> responder) {
    long start = System.nanoTime();
    CompletableFuture<HttpResponse> response =
        RequestBodies.read(ctx, req, maxBytes)
            .thenCompose(raw -> decode(ctx, raw, coding, formatInflation, shape, decoder))
            .thenCompose(submission -> store(ctx, submission, responder))
            .exceptionally(failure -> requestFailure(failure, responder));
    response.whenComplete((unused, failure) -> metrics.observeDuration(receiver, start));
    return HttpResponse.of(response);
  }

  private CompletableFuture<S> decode(
      ServiceRequestContext ctx,
      byte[] raw,
      Coding coding,
      UnaryOperator<byte[]> formatInflation,
      BodyShape shape,
      Function<byte[], S> decoder) {
    RequestBodyBudget.Lease lease = RequestBodyBudget.leaseOf(ctx);
    Function<byte[], S> work =
        body -> {
          byte[] inflated = RequestBodies.inflate(body, coding, maxBytes, lease);
          if (formatInflation != null) {
            inflated = formatInflation.apply(inflated);
          }
          objects.admit(inflated, shape, lease);
          return decoder.apply(inflated);
        };
    boolean inflating = coding.inflates() || formatInflation != null;
    if (raw.length <= (inflating ? INLINE_INFLATE_BYTES : INLINE_DECODE_BYTES)) {
      try {
        return CompletableFuture.completedFuture(work.apply(raw));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return CompletableFuture.supplyAsync(() -> work.apply(raw), ctx.blockingTaskExecutor());
  }

  /**
   * With the request's context current (the body may have been decoded where it is not), so what the consumer
   * does per request (the per-tenant span rate) finds its request.
   */
  private CompletableFuture<HttpResponse> store(
      ServiceRequestContext ctx, S submission, HttpResponder<S> responder) {
    try (SafeCloseable ignored = ctx.push()) {
      return delivery
          .deliver(submission, AckDeadline.remaining(ctx))
          .thenApply(
              refused ->
                  refused == null ? responder.success(submission) : responder.error(refused));
    }
  }

  private HttpResponse requestFailure(Throwable failure, HttpResponder<S> responder) {
    ErrorAnswer answer = ErrorAnswer.ofRequestFailure(failure);
    if (answer.status() == ErrorStatus.INTERNAL) {
      log.warn("{} receiver failed to handle a request", receiver, ErrorAnswer.unwrap(failure));
    } else if (answer.reason().equals(ErrorAnswer.ABORTED)) {
      log.debug("{} receiver: client aborted the request", receiver, ErrorAnswer.unwrap(failure));
    }
    return refuse(answer, responder);
  }
}
