package io.tracemate.receivers;

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
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.tracemate.codec.otlp.DecodedSpans;
import io.tracemate.codec.otlp.OtlpJson;
import io.tracemate.codec.otlp.OtlpTraceDecoder;
import io.tracemate.ingest.SpanSink;
import io.tracemate.receivers.ReceiverMetrics.Reason;
import java.time.Clock;
import java.util.Set;

/**
 * OTLP/HTTP traces: {@code POST /v1/traces} with an {@code ExportTraceServiceRequest} as
 * {@code application/x-protobuf} or OTLP/JSON {@code application/json} (media type parameters such as charset
 * are ignored), optionally {@code Content-Encoding: gzip}.
 *
 * <p>Answers, always in the request's content type (JSON when the request's type is not one of the two):
 * <ul>
 *   <li>200 with an empty {@code ExportTraceServiceResponse} ({@code {}} in JSON) once the spans are durable;
 *       with {@code partialSuccess} counting and explaining the spans refused: invalid IDs, or a start time
 *       the store cannot keep ({@link SpanTimeCheck});
 *   <li>400 with a {@code google.rpc.Status} naming what is wrong and where, for bodies that cannot be read;
 *   <li>405 (with {@code Allow: POST}), 413 when the body passes {@link ReceiverLimits#maxRequestBytes()}
 *       after decompression, 415 for other media types or content codings;
 *   <li>503 with {@code Retry-After} (seconds) and a {@code google.rpc.RetryInfo} detail when the sink pushes
 *       back (503 rather than 429: both are retryable for OTLP clients, and 503 is also what Zipkin clients
 *       and Loki's OTLP endpoint use), likewise when the request-body budget ({@link RequestBodyBudget}) is
 *       full; 500 when the sink fails otherwise.
 * </ul>
 *
 * <p>Bind with {@code sb.service(new OtlpHttpTraceService(sink, limits, metrics))}: the service carries its
 * route ({@value #PATH}) and lifts Armeria's own request length limit, since it enforces the limit itself
 * after decompression. Thread-safe.
 */
public final class OtlpHttpTraceService implements HttpServiceWithRoutes {
  public static final String PATH = "/v1/traces";

  private static final MediaType X_PROTOBUF = MediaType.create("application", "x-protobuf");
  private static final MediaType JSON = MediaType.create("application", "json");

  private final HttpIngest ingest;
  private final SpanTimeCheck timeCheck;

  public OtlpHttpTraceService(SpanSink sink, ReceiverLimits limits, ReceiverMetrics metrics) {
    this.ingest = new HttpIngest(ReceiverMetrics.OTLP, sink, limits, metrics);
    this.timeCheck = new SpanTimeCheck(limits, Clock.systemUTC());
  }

  @Override
  public Set<Route> routes() {
    return Set.of(Route.builder().exact(PATH).build());
  }

  @Override
  public ServiceOptions options() {
    return ServiceOptions.builder().maxRequestLength(0).build();
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    Format format = Format.of(req.contentType());
    Responder responder = new Responder(format == null ? Format.JSON : format);
    if (req.method() != HttpMethod.POST) {
      return ingest.refuse(Reason.METHOD_NOT_ALLOWED, HttpStatus.METHOD_NOT_ALLOWED,
          req.method() + " is not allowed on " + PATH + "; use POST", responder);
    }
    if (format == null) {
      return ingest.refuse(Reason.UNSUPPORTED_MEDIA_TYPE, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported Content-Type '" + req.contentType() + "': use application/x-protobuf or application/json",
          responder);
    }
    RequestBodies.Encoding encoding = RequestBodies.Encoding.of(req.headers());
    if (encoding == null) {
      return ingest.refuse(Reason.UNSUPPORTED_MEDIA_TYPE, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported Content-Encoding '" + req.headers().get(HttpHeaderNames.CONTENT_ENCODING)
              + "': use gzip or none", responder);
    }
    return ingest.handle(ctx, req, encoding, format == Format.JSON ? this::decodeJson : this::decodeProtobuf,
        responder);
  }

  /** With nothing rejected, the body itself is the spans' stored form (TracesData's wire format). */
  private DecodedRequest decodeProtobuf(byte[] body) {
    ExportTraceServiceRequest request;
    try {
      request = ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedRequestException("cannot decode the protobuf ExportTraceServiceRequest ("
          + body.length + " bytes): " + e.getMessage(), e);
    }
    return timeCheck.check(OtlpTraceDecoder.decode(request), () -> body);
  }

  private DecodedRequest decodeJson(byte[] body) {
    ExportTraceServiceRequest request;
    try {
      request = OtlpJson.parseTraceRequest(body);
    } catch (IllegalArgumentException e) {
      throw new MalformedRequestException("cannot decode the JSON ExportTraceServiceRequest: " + e.getMessage(), e);
    }
    return timeCheck.check(OtlpTraceDecoder.decode(request), request::toByteArray);
  }

  /** The two OTLP/HTTP encodings; answers use the request's. */
  private enum Format {
    PROTOBUF(X_PROTOBUF),
    JSON(OtlpHttpTraceService.JSON);

    final MediaType mediaType;

    Format(MediaType mediaType) {
      this.mediaType = mediaType;
    }

    static Format of(MediaType contentType) {
      if (contentType == null || !contentType.type().equals("application")) {
        return null;
      }
      return switch (contentType.subtype()) {
        case "x-protobuf", "protobuf" -> PROTOBUF;
        case "json" -> JSON;
        default -> null;
      };
    }

    byte[] encode(Message message) {
      return this == JSON ? OtlpJson.print(message).getBytes(UTF_8) : message.toByteArray();
    }
  }

  private record Responder(Format format) implements HttpIngest.Responder {
    @Override
    public HttpResponse success(DecodedSpans decoded) {
      return respond(ResponseHeaders.builder(HttpStatus.OK), OtlpResponses.exportResponse(decoded));
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
      return HttpResponse.of(headers.contentType(format.mediaType).build(), HttpData.wrap(format.encode(message)));
    }

    private static Code grpcCode(HttpStatus status) {
      return switch (status.code()) {
        case 400 -> Code.INVALID_ARGUMENT;
        case 405, 415 -> Code.UNIMPLEMENTED;
        case 413 -> Code.RESOURCE_EXHAUSTED;
        case 503 -> Code.UNAVAILABLE;
        default -> Code.INTERNAL;
      };
    }
  }
}
