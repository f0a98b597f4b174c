package io.tracemate.receivers.exchange;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.ExchangeType;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.HttpServiceWithRoutes;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.RoutingContext;
import com.linecorp.armeria.server.ServiceOptions;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.BindableService;
import io.grpc.Codec;
import io.grpc.DecompressorRegistry;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.netty.util.AsciiString;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What every gRPC receiver (OTLP traces and logs) shares below {@link GrpcExchange}: the bindable service with the
 * request limit and the error mapping of what Armeria decides before the service runs, and retry hints as
 * {@code google.rpc.RetryInfo}, which OTLP exporters honour. Status codes follow the gRPC
 * specification where it names one, and say "client mistake" (not INTERNAL, a server fault) where it leaves room:
 *
 * <ul>
 *   <li>a message compressed with a {@code grpc-encoding} the server does not support: UNIMPLEMENTED naming the
 *       supported ones, which the response also advertises in {@code grpc-accept-encoding} (compression.md);
 *   <li>a message marked compressed without a {@code grpc-encoding} (compression.md asks for INTERNAL, as for
 *       undecodable protobuf, which OTLP receivers answer INVALID_ARGUMENT): INVALID_ARGUMENT, since it is the
 *       client's malformed request, as permanent for exporters as INTERNAL;
 *   <li>undecodable protobuf: INVALID_ARGUMENT; over the size limit, or decoding into more objects than
 *       {@code max-request-objects} ({@link CountedRequests}): RESOURCE_EXHAUSTED;
 *   <li>request-body budget full, as the message arrives, as it inflates ({@link BudgetedGzip}) or for what it
 *       would decode into ({@link CountedRequests}): UNAVAILABLE with RetryInfo.
 * </ul>
 *
 * No {@code grpc-message} leaves with leading or trailing whitespace, which HTTP/2 forbids in a field value and
 * strict clients refuse as a protocol error. Thread-safe.
 */
public final class GrpcReceiver {
  /** gRPC's 5-byte frame header plus slack, on top of the message limit, for the HTTP-level body limit. */
  private static final int FRAME_OVERHEAD = 64;

  /**
   * The message codings the services decode: gzip, charged to the request-body budget as it inflates
   * ({@link BudgetedGzip}); identity is always understood.
   */
  private static final DecompressorRegistry DECOMPRESSORS =
      DecompressorRegistry.emptyInstance()
          .with(new BudgetedGzip(), true)
          .with(Codec.Identity.NONE, false);

  private static final AsciiString GRPC_ENCODING = HttpHeaderNames.of("grpc-encoding");
  private static final AsciiString GRPC_MESSAGE = HttpHeaderNames.of("grpc-message");

  /** Where gRPC carries a {@code google.rpc.Status} with details (as {@link StatusProto} reads it). */
  private static final Metadata.Key<com.google.rpc.Status> STATUS_DETAILS =
      Metadata.Key.of(
          "grpc-status-details-bin",
          ProtoUtils.metadataMarshaller(com.google.rpc.Status.getDefaultInstance()));

  private GrpcReceiver() {}

  /**
   * An Armeria service for the OTLP gRPC port: protobuf gRPC only, gzip and identity message compression, and the
   * request limit applied to the (decompressed) message and, with room for framing, to the HTTP body.
   *
   * @param requestMessage the request type's name, for "cannot decode ..." errors
   * @param maxRequestBytes the largest message, after decompression
   * @param shape what a request message decodes into, counted before it is parsed
   * @param maxRequestObjects the most objects one message may decode into ({@link DecodedObjects})
   * @param onBudgetRefusal counts a call the request-body budget refused (as it arrived, as it inflated, or for
   *     what it would decode into)
   */
  public static HttpServiceWithRoutes service(
      BindableService implementation,
      String requestMessage,
      int maxRequestBytes,
      BodyShape shape,
      long maxRequestObjects,
      Runnable onBudgetRefusal) {
    GrpcService grpc =
        GrpcService.builder()
            .addService(
                CountedRequests.of(
                    implementation.bindService(), shape, new DecodedObjects(maxRequestObjects)))
            .supportedSerializationFormats(GrpcSerializationFormats.PROTO)
            .decompressorRegistry(DECOMPRESSORS)
            .maxRequestMessageLength(maxRequestBytes)
            .exceptionHandler(
                (ctx, status, cause, metadata) -> {
                  Status mapped = mapFailure(requestMessage, cause, metadata, onBudgetRefusal);
                  if (mapped == null) {
                    mapped = GrpcExceptionHandlerFunction.of().apply(ctx, status, cause, metadata);
                  }
                  return mapped.getDescription() == null
                      ? mapped
                      : mapped.withDescription(StatusMessages.clean(mapped.getDescription()));
                })
            .build();
    return new WithRequestLimit(grpc, (long) maxRequestBytes + FRAME_OVERHEAD);
  }

  /**
   * A request message protobuf could not read, as Armeria's own marshaller reports it; {@link #service}'s exception
   * handler finds the cause and answers INVALID_ARGUMENT naming the message.
   */
  static StatusRuntimeException invalidMessage(InvalidProtocolBufferException cause) {
    return Status.INTERNAL
        .withDescription("Invalid protobuf byte sequence")
        .withCause(cause)
        .asRuntimeException();
  }

  /** A retryable refusal carrying the delay the client should wait. */
  public static StatusRuntimeException withRetryInfo(Code code, String message, Duration delay) {
    return StatusProto.toStatusRuntimeException(retryStatus(code, message, delay));
  }

  private static com.google.rpc.Status retryStatus(Code code, String message, Duration delay) {
    return com.google.rpc.Status.newBuilder()
        .setCode(code.getNumber())
        .setMessage(StatusMessages.clean(message))
        .addDetails(
            Any.pack(
                RetryInfo.newBuilder()
                    .setRetryDelay(
                        com.google.protobuf.Duration.newBuilder()
                            .setSeconds(delay.getSeconds())
                            .setNanos(delay.getNano()))
                    .build()))
        .build();
  }

  /**
   * Client mistakes and refusals Armeria would report as INTERNAL or UNKNOWN; null for anything else. May add
   * trailers to {@code metadata}.
   */
  private static Status mapFailure(
      String requestMessage, Throwable cause, Metadata metadata, Runnable onBudgetRefusal) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof InvalidProtocolBufferException invalid) {
        return Status.INVALID_ARGUMENT
            .withDescription("cannot decode " + requestMessage + ": " + invalid.getMessage())
            .withCause(cause);
      }
      if (t instanceof BodyTooLargeException tooLarge) {
        return Status.RESOURCE_EXHAUSTED.withDescription(tooLarge.getMessage()).withCause(cause);
      }
      if (t instanceof ContentTooLargeException tooLarge) {
        return Status.RESOURCE_EXHAUSTED
            .withDescription(
                "request body exceeds the limit of " + tooLarge.maxContentLength() + " bytes")
            .withCause(cause);
      }
      if (t instanceof BodyBudgetExhaustedException exhausted) {
        onBudgetRefusal.run();
        com.google.rpc.Status details =
            retryStatus(Code.UNAVAILABLE, exhausted.getMessage(), exhausted.retryAfter());
        metadata.put(STATUS_DETAILS, details);
        return Status.UNAVAILABLE.withDescription(details.getMessage()).withCause(cause);
      }
      if (t instanceof FramingRefusal refused) {
        return refused.getStatus().withCause(cause);
      }
    }
    return null;
  }

  private static boolean isIdentity(String encoding) {
    return encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity");
  }

  /** A refusal decided from the first byte of the body (the message's compressed flag) and the headers. */
  private static final class FramingRefusal extends StatusRuntimeException {
    private static final long serialVersionUID = 1L;

    FramingRefusal(Status status) {
      super(status, null);
    }
  }

  /**
   * The gRPC service with its own bound on the HTTP body instead of Armeria's transport-level limit (the
   * server-wide default of 10 MiB would cut OTLP's recommended 64 MiB short, and a transport-level refusal
   * reaches gRPC clients as HTTP 413, i.e. UNKNOWN). The request is made streaming so that the bound applies
   * as chunks arrive (Armeria collects a unary call's body before any service sees it otherwise); passing it
   * fails the body stream with {@link ContentTooLargeException}, which the call reports as RESOURCE_EXHAUSTED.
   * The message limit itself (after decompression) is enforced by the gRPC deframer. Responses leave with
   * trimmed {@code grpc-message}s.
   */
  private static final class WithRequestLimit extends SimpleDecoratingHttpService
      implements HttpServiceWithRoutes {
    private static final ServiceOptions UNLIMITED_TRANSPORT =
        ServiceOptions.builder().maxRequestLength(0).build();

    private final GrpcService grpc;
    private final long maxBodyBytes;

    WithRequestLimit(GrpcService grpc, long maxBodyBytes) {
      super(grpc);
      this.grpc = grpc;
      this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public Set<Route> routes() {
      return grpc.routes();
    }

    @Override
    public ServiceOptions options() {
      return UNLIMITED_TRANSPORT;
    }

    @Override
    public ExchangeType exchangeType(RoutingContext routingContext) {
      return RequestBodyBudget.requestStreaming(super.exchangeType(routingContext));
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
      // In the request's context, Armeria's deframer (run where the body's aggregation completes)
      // lets BudgetedGzip find the request's budget lease.
      HttpRequest bounded =
          new CheckedBodyRequest(req, new BodyCounter(maxBodyBytes, req.headers()), ctx);
      ctx.updateRequest(bounded);
      return ((HttpService) unwrap())
          .serve(ctx, bounded)
          .mapHeaders(GrpcReceiver::trimMessage)
          .mapTrailers(GrpcReceiver::trimMessage);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends HttpHeaders> T trimMessage(T headers) {
    String message = headers.get(GRPC_MESSAGE);
    if (message == null || message.equals(message.strip())) {
      return headers;
    }
    String trimmed = message.strip();
    if (headers instanceof ResponseHeaders response) {
      return (T) response.toBuilder().set(GRPC_MESSAGE, trimmed).build();
    }
    return (T) headers.toBuilder().set(GRPC_MESSAGE, trimmed).build();
  }

  /**
   * Fails the request stream once more than {@code maxBytes} have arrived, or at the first byte when the message
   * is marked compressed in a coding the service cannot read. One per request.
   */
  private static final class BodyCounter implements Consumer<HttpData> {
    /** Bit 0 of a gRPC message's first byte: the message is compressed with the request's grpc-encoding. */
    private static final int COMPRESSED_FLAG = 1;

    private final long maxBytes;
    private final RequestHeaders headers;
    private long received;

    BodyCounter(long maxBytes, RequestHeaders headers) {
      this.maxBytes = maxBytes;
      this.headers = headers;
    }

    @Override
    public void accept(HttpData data) {
      if (received == 0
          && !data.isEmpty()
          && (data.byteBuf().getByte(data.byteBuf().readerIndex()) & COMPRESSED_FLAG) != 0) {
        checkCompressible();
      }
      received += data.length();
      if (received > maxBytes) {
        throw ContentTooLargeException.builder()
            .maxContentLength(maxBytes)
            .transferred(received)
            .build();
      }
    }

    private void checkCompressible() {
      String encoding = headers.get(GRPC_ENCODING);
      if (encoding == null || isIdentity(encoding)) {
        throw new FramingRefusal(
            Status.INVALID_ARGUMENT.withDescription(
                "the message is marked compressed but the"
                    + " request has no grpc-encoding header; send grpc-encoding: gzip, or an uncompressed message"));
      }
      // Looked up exactly as Armeria's deframer will look it up.
      if (DECOMPRESSORS.lookupDecompressor(encoding) == null) {
        Set<String> supported = new TreeSet<>(DECOMPRESSORS.getKnownMessageEncodings());
        supported.add("identity");
        throw new FramingRefusal(
            Status.UNIMPLEMENTED.withDescription(
                "grpc-encoding '"
                    + StatusMessages.clean(encoding)
                    + "' is not supported; use one of "
                    + String.join(", ", supported)));
      }
    }
  }
}
