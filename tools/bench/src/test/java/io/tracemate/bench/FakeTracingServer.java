package io.tracemate.bench;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import zipkin2.codec.SpanBytesDecoder;

/**
 * A stand-in tracing server on one loopback port: OTLP/gRPC, OTLP/HTTP (throttling its first
 * request with 429 + Retry-After), Zipkin ingest, a minimal Jaeger query API over the trace IDs it
 * received, and /metrics with the storage gauges. It decodes everything it receives with the
 * reference libraries, so a malformed body fails the bench test.
 */
final class FakeTracingServer implements AutoCloseable {

  final Set<String> traceIds = ConcurrentHashMap.newKeySet();
  final AtomicLong otlpGrpcSpans = new AtomicLong();
  final AtomicLong otlpHttpSpans = new AtomicLong();
  final AtomicLong zipkinSpans = new AtomicLong();
  final AtomicInteger throttledResponses = new AtomicInteger();

  /** Every request's path with its authorization and X-Scope-OrgID headers ("-" when absent). */
  private final java.util.Queue<String[]> requests =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  private final Server server;

  FakeTracingServer() {
    server =
        Server.builder()
            .http(new InetSocketAddress("127.0.0.1", 0))
            .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
            .decorator(
                (delegate, ctx, req) -> {
                  requests.add(
                      new String[] {
                        ctx.path(),
                        String.valueOf(req.headers().get("authorization")).toLowerCase(),
                        String.valueOf(req.headers().get("x-scope-orgid"))
                      });
                  return delegate.serve(ctx, req);
                })
            .service(
                GrpcService.builder()
                    .addService(
                        new TraceServiceGrpc.TraceServiceImplBase() {
                          @Override
                          public void export(
                              ExportTraceServiceRequest request,
                              StreamObserver<ExportTraceServiceResponse> observer) {
                            otlpGrpcSpans.addAndGet(record(request));
                            observer.onNext(ExportTraceServiceResponse.getDefaultInstance());
                            observer.onCompleted();
                          }
                        })
                    .build())
            .service(
                "/v1/traces",
                ThrottledIngest.firstRequestThrottled(
                    throttledResponses,
                    body -> {
                      otlpHttpSpans.addAndGet(
                          record(ExportTraceServiceRequest.parseFrom(body.content().array())));
                      return HttpResponse.of(
                          HttpStatus.OK,
                          MediaType.X_PROTOBUF,
                          ExportTraceServiceResponse.getDefaultInstance().toByteArray());
                    }))
            .service(
                "/api/v2/spans",
                (ctx, req) ->
                    HttpResponse.of(
                        req.aggregate()
                            .thenApply(
                                body -> {
                                  var spans =
                                      SpanBytesDecoder.JSON_V2.decodeList(body.content().array());
                                  spans.forEach(span -> traceIds.add(span.traceId()));
                                  zipkinSpans.addAndGet(spans.size());
                                  return HttpResponse.of(HttpStatus.ACCEPTED);
                                })))
            .service(
                "prefix:/api/traces/",
                (ctx, req) ->
                    traceIds.contains(ctx.mappedPath().substring(1))
                        ? HttpResponse.of(
                            HttpStatus.OK,
                            MediaType.JSON,
                            "{\"data\":[{\"traceID\":\"x\",\"spans\":[]}]}")
                        : HttpResponse.of(
                            HttpStatus.NOT_FOUND,
                            MediaType.JSON,
                            "{\"data\":null,\"errors\":[{\"code\":404}]}"))
            .service(
                "/api/traces",
                (ctx, req) -> {
                  String service = ctx.queryParam("service");
                  String tags = ctx.queryParam("tags");
                  boolean valid =
                      SyntheticWorkload.ENTRY_SERVICE.equals(service)
                          && tags != null
                          && tags.contains("http.route")
                          && ctx.queryParam("start") != null
                          && ctx.queryParam("end") != null;
                  boolean byTime =
                      SyntheticWorkload.ENTRY_SERVICE.equals(service)
                          && tags == null
                          && ctx.queryParam("start") != null
                          && ctx.queryParam("end") != null;
                  if (byTime) { // the ack-to-visible search: every trace it holds (times not kept)
                    StringBuilder data = new StringBuilder("{\"data\":[");
                    traceIds.forEach(
                        id -> data.append("{\"traceID\":\"").append(id).append("\"},"));
                    data.setLength(data.length() - (traceIds.isEmpty() ? 0 : 1));
                    return HttpResponse.of(
                        HttpStatus.OK, MediaType.JSON, data.append("]}").toString());
                  }
                  return valid
                      ? HttpResponse.of(
                          HttpStatus.OK,
                          MediaType.JSON,
                          "{\"data\":[{\"traceID\":\"x\",\"spans\":[]}]}")
                      : HttpResponse.of(
                          HttpStatus.BAD_REQUEST,
                          MediaType.PLAIN_TEXT,
                          "bad search " + ctx.query());
                })
            .service(
                "/metrics",
                (ctx, req) ->
                    HttpResponse.of(
                        HttpStatus.OK,
                        MediaType.PLAIN_TEXT_UTF_8,
                        """
            # TYPE tracemate_storage_bytes gauge
            tracemate_storage_bytes 250000
            # TYPE tracemate_storage_spans gauge
            tracemate_storage_spans 1000
            """))
            .build();
    server.start().join();
  }

  int port() {
    return server.activeLocalPort();
  }

  long requestsWith(String authorization, String tenant) {
    return requests.stream().filter(r -> r[1].equals(authorization) && r[2].equals(tenant)).count();
  }

  /** The paths of requests that lacked either header. */
  List<String> requestsWithout(String authorization, String tenant) {
    return requests.stream()
        .filter(r -> !r[1].equals(authorization) || !r[2].equals(tenant))
        .map(r -> r[0])
        .toList();
  }

  java.util.Set<String> pathsSeen() {
    return requests.stream().map(r -> r[0]).collect(java.util.stream.Collectors.toSet());
  }

  private long record(ExportTraceServiceRequest request) {
    HexFormat hex = HexFormat.of();
    return request.getResourceSpansList().stream()
        .flatMap(rs -> rs.getScopeSpansList().stream())
        .flatMap(ss -> ss.getSpansList().stream())
        .peek(span -> traceIds.add(hex.formatHex(span.getTraceId().toByteArray())))
        .count();
  }

  @Override
  public void close() {
    server.stop().join();
  }
}
