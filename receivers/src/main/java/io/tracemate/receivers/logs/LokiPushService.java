package io.tracemate.receivers.logs;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.HttpServiceWithRoutes;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServiceOptions;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.codec.logs.DecodedLogs;
import io.tracemate.codec.logs.LokiPushDecoder;
import io.tracemate.receivers.ReceiverLimits;
import io.tracemate.receivers.RequestBodyBudget;
import java.util.Set;
import java.util.function.Function;

/**
 * Loki's push API, {@code POST /loki/api/v1/push}, as Promtail, Grafana Alloy and loki4j use it:
 * {@code application/json} (optionally gzip or deflate Content-Encoding), and, for any other Content-Type as in
 * Loki, a snappy-compressed protobuf {@code PushRequest}. The tenant is {@code X-Scope-OrgID}, or
 * {@value LogIngest#DEFAULT_TENANT}.
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
 * <p>Bind with {@code sb.service(new LokiPushService(ingest, limits))}; the service carries its route
 * ({@value #PATH}). Thread-safe.
 */
public final class LokiPushService implements HttpServiceWithRoutes {
  public static final String PATH = "/loki/api/v1/push";

  private final LogHttpExchange exchange;
  private final int maxBytes;

  public LokiPushService(LogIngest ingest, ReceiverLimits limits) {
    this.maxBytes = limits.maxRequestBytes();
    this.exchange = new LogHttpExchange(LogReceiverMetrics.LOKI, ingest, maxBytes);
  }

  @Override
  public Set<Route> routes() {
    return Set.of(Route.builder().exact(PATH).build());
  }

  @Override
  public ServiceOptions options() {
    return ServiceOptions.builder().maxRequestLength(maxBytes).build();
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    if (req.method() != HttpMethod.POST) {
      return exchange.refuse("method_not_allowed", HttpStatus.METHOD_NOT_ALLOWED,
          req.method() + " is not allowed on " + PATH + "; use POST", Text.INSTANCE);
    }
    LogBodies.Encoding encoding = LogBodies.Encoding.of(req.headers());
    if (encoding == null) {
      return exchange.refuse("unsupported_media_type", HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported Content-Encoding '" + req.headers().get(HttpHeaderNames.CONTENT_ENCODING)
              + "': use gzip, deflate or none", Text.INSTANCE);
    }
    MediaType type = req.contentType();
    boolean json = type != null && type.is(MediaType.JSON);
    RequestBodyBudget.Lease lease = RequestBodyBudget.leaseOf(ctx);
    Function<byte[], DecodedLogs> decoder = json ? LokiPushDecoder::decodeJson
        : body -> LokiPushDecoder.decodeProtobuf(LokiPushDecoder.unsnappy(body, maxBytes, lease::charge));
    return exchange.handle(ctx, req, encoding, decoder, Text.INSTANCE);
  }

  /** Loki's answers: empty 204, or the problems as plain text. */
  private enum Text implements LogHttpExchange.Responder {
    INSTANCE;

    @Override
    public HttpResponse outcome(LogIngest.Outcome outcome) {
      return switch (outcome) {
        case LogIngest.Stored stored -> {
          Validation validation = stored.validation();
          if (validation.tooManyRequests()) {
            yield error(HttpStatus.TOO_MANY_REQUESTS, validation.message(), validation.retryAfterSeconds());
          }
          if (!validation.refusals().isEmpty()) {
            yield error(HttpStatus.BAD_REQUEST, validation.message(), 0);
          }
          yield HttpResponse.of(HttpStatus.NO_CONTENT);
        }
        case LogIngest.Backpressure backpressure ->
            error(HttpStatus.SERVICE_UNAVAILABLE, backpressure.message(), backpressure.retryAfterSeconds());
        case LogIngest.Failed failed ->
            error(HttpStatus.INTERNAL_SERVER_ERROR, "could not store log entries: " + failed.cause(), 0);
      };
    }

    @Override
    public HttpResponse error(HttpStatus status, String message, long retryAfterSeconds) {
      ResponseHeadersBuilder headers = ResponseHeaders.builder(status).contentType(MediaType.PLAIN_TEXT_UTF_8);
      if (retryAfterSeconds > 0) {
        headers.set(HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
      }
      if (status == HttpStatus.METHOD_NOT_ALLOWED) {
        headers.set(HttpHeaderNames.ALLOW, "POST");
      }
      return HttpResponse.of(headers.build(), HttpData.wrap((message + "\n").getBytes(UTF_8)));
    }
  }
}
