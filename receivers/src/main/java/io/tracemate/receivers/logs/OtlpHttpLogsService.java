package io.tracemate.receivers.logs;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
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
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.tracemate.codec.logs.DecodedLogs;
import io.tracemate.codec.logs.OtlpLogDecoder;
import io.tracemate.codec.otlp.OtlpJson;
import io.tracemate.receivers.ReceiverLimits;
import io.tracemate.receivers.StatusMessages;
import java.time.Clock;
import java.util.Set;

/**
 * OTLP/HTTP logs: {@code POST /v1/logs} (also at Loki's {@code /otlp/v1/logs}) with an {@code ExportLogsServiceRequest} as {@code application/x-protobuf}
 * or OTLP/JSON {@code application/json}, optionally gzip. Labels as {@link io.tracemate.codec.logs.OtlpLogLabels}
 * maps them; tenant from {@code X-Scope-OrgID}.
 *
 * <p>Answers in the request's content type: 200 with an empty response once stored, or with
 * {@code partialSuccess} counting and listing records rejected (malformed IDs) or refused by the limits (too old,
 * line too long, new streams beyond the active stream limit...; the rest is stored); 429 with {@code Retry-After}
 * and {@code RetryInfo} when a rate limit refused entries; 503 likewise when the WAL pushes back or the
 * request-body budget ({@link io.tracemate.receivers.RequestBodyBudget}) is full; 400 (a {@code google.rpc.Status}
 * naming what and where) for unreadable bodies; 405, 413, 415; 500.
 *
 * <p>Bind with {@code sb.service(new OtlpHttpLogsService(ingest, limits, clock))}. Thread-safe.
 */
public final class OtlpHttpLogsService implements HttpServiceWithRoutes {
  public static final String PATH = "/v1/logs";
  /** Where Loki serves OTLP logs, so clients pointed at a Loki base URL work unchanged. */
  public static final String LOKI_PATH = "/otlp/v1/logs";

  private static final MediaType X_PROTOBUF = MediaType.create("application", "x-protobuf");

  private final LogHttpExchange exchange;
  private final int maxBytes;
  private final Clock clock;

  /** @param clock the time of receipt, for records with neither time nor observed time */
  public OtlpHttpLogsService(LogIngest ingest, ReceiverLimits limits, Clock clock) {
    this.maxBytes = limits.maxRequestBytes();
    this.clock = clock;
    this.exchange = new LogHttpExchange(LogReceiverMetrics.OTLP, ingest, maxBytes);
  }

  @Override
  public Set<Route> routes() {
    return Set.of(Route.builder().exact(PATH).build(), Route.builder().exact(LOKI_PATH).build());
  }

  @Override
  public ServiceOptions options() {
    return ServiceOptions.builder().maxRequestLength(maxBytes).build();
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    MediaType type = req.contentType();
    boolean json = type == null || !isProtobuf(type);
    Responder responder = new Responder(json);
    if (req.method() != HttpMethod.POST) {
      return exchange.refuse("method_not_allowed", HttpStatus.METHOD_NOT_ALLOWED,
          req.method() + " is not allowed on " + ctx.path() + "; use POST", responder);
    }
    if (type == null || !(isProtobuf(type) || type.is(MediaType.JSON))) {
      return exchange.refuse("unsupported_media_type", HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported Content-Type '" + type + "': use application/x-protobuf or application/json", responder);
    }
    LogBodies.Encoding encoding = LogBodies.Encoding.of(req.headers());
    if (encoding == null || encoding == LogBodies.Encoding.DEFLATE) {
      return exchange.refuse("unsupported_media_type", HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported Content-Encoding '" + req.headers().get(HttpHeaderNames.CONTENT_ENCODING)
              + "': use gzip or none", responder);
    }
    long received = clock.millis() * 1_000_000L;
    return exchange.handle(ctx, req, encoding, body -> decode(body, json, received), responder);
  }

  private static boolean isProtobuf(MediaType type) {
    return type.type().equals("application")
        && (type.subtype().equals("x-protobuf") || type.subtype().equals("protobuf"));
  }

  private static DecodedLogs decode(byte[] body, boolean json, long receivedNanos) {
    ExportLogsServiceRequest request;
    if (json) {
      try {
        request = OtlpLogDecoder.parseJson(body);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("cannot decode the JSON ExportLogsServiceRequest: " + e.getMessage(), e);
      }
    } else {
      try {
        request = ExportLogsServiceRequest.parseFrom(body);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException("cannot decode the protobuf ExportLogsServiceRequest (" + body.length
            + " bytes): " + e.getMessage(), e);
      }
    }
    return OtlpLogDecoder.decode(request, receivedNanos);
  }

  private record Responder(boolean json) implements LogHttpExchange.Responder {
    @Override
    public HttpResponse outcome(LogIngest.Outcome outcome) {
      return switch (outcome) {
        case LogIngest.Stored stored -> stored.validation().rateLimited()
            ? error(HttpStatus.TOO_MANY_REQUESTS, stored.validation().message(),
                stored.validation().retryAfterSeconds())
            : respond(ResponseHeaders.builder(HttpStatus.OK),
                OtlpLogResponses.exportResponse(stored.decoded(), stored.validation()));
        case LogIngest.Backpressure backpressure ->
            error(HttpStatus.SERVICE_UNAVAILABLE, backpressure.message(), backpressure.retryAfterSeconds());
        case LogIngest.Failed failed ->
            error(HttpStatus.INTERNAL_SERVER_ERROR, "could not store log records: " + failed.cause(), 0);
      };
    }

    @Override
    public HttpResponse error(HttpStatus status, String message, long retryAfterSeconds) {
      com.google.rpc.Status.Builder body = com.google.rpc.Status.newBuilder()
          .setCode(grpcCode(status).getNumber())
          .setMessage(StatusMessages.clean(message));
      ResponseHeadersBuilder headers = ResponseHeaders.builder(status);
      if (retryAfterSeconds > 0) {
        headers.set(HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
        body.addDetails(Any.pack(RetryInfo.newBuilder()
            .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(retryAfterSeconds))
            .build()));
      }
      if (status == HttpStatus.METHOD_NOT_ALLOWED) {
        headers.set(HttpHeaderNames.ALLOW, "POST");
      }
      return respond(headers, body.build());
    }

    private HttpResponse respond(ResponseHeadersBuilder headers, Message message) {
      byte[] bytes = json ? OtlpJson.print(message).getBytes(UTF_8) : message.toByteArray();
      return HttpResponse.of(headers.contentType(json ? MediaType.JSON : X_PROTOBUF).build(), HttpData.wrap(bytes));
    }

    private static Code grpcCode(HttpStatus status) {
      return switch (status.code()) {
        case 400 -> Code.INVALID_ARGUMENT;
        case 405, 415 -> Code.UNIMPLEMENTED;
        case 413, 429 -> Code.RESOURCE_EXHAUSTED;
        case 503 -> Code.UNAVAILABLE;
        default -> Code.INTERNAL;
      };
    }
  }
}
