package io.tracemate.receivers;

import static io.tracemate.receivers.TestHttp.gzip;
import static io.tracemate.receivers.TestHttp.post;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.RetryInfo;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.codec.otlp.OtlpTraceEncoder;
import io.tracemate.component.BatchConsumer;
import io.tracemate.component.LogBatch;
import io.tracemate.receivers.exchange.ReceiverMetrics;
import io.tracemate.receivers.exchange.RequestBodyBudget;
import io.tracemate.receivers.logs.LogIntake;
import io.tracemate.receivers.logs.LogLimits;
import io.tracemate.receivers.logs.LokiPushService;
import io.tracemate.receivers.logs.OtlpGrpcLogsService;
import io.tracemate.receivers.logs.OtlpHttpLogsService;
import io.tracemate.receivers.logs.OtlpLogRequests;
import io.tracemate.receivers.logs.TestLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import zipkin2.Endpoint;
import zipkin2.codec.SpanBytesEncoder;

/**
 * Every receiver (OTLP traces and logs over HTTP and gRPC, Zipkin, Loki push) behind one server-wide
 * {@link RequestBodyBudget}, driven over real sockets: bodies count as their bytes arrive and as they inflate,
 * never by what Content-Length declares, and a full budget is a retryable refusal on every receiver.
 */
class ReceiversUnderOneBudgetTest {
  private static final int BUDGET = 1 << 20;
  private static final int LIMIT = 4 << 20;
  private static final int BIG = 300 * 1024;
  private static final RequestBodyBudget budget =
      new RequestBodyBudget(BUDGET, Duration.ofSeconds(1));
  private static final RecordingSink spans = new RecordingSink();
  private static final AtomicInteger logPushes = new AtomicInteger();

  /** Loki's defaults with rates high enough never to refuse these tests' pushes. */
  private static final LogLimits LOG_LIMITS =
      TestLimits.defaults().ingestionRate(1024, 1024).perStreamRate(1 << 30, 1 << 30).build();

  @RegisterExtension
  static final ServerExtension server =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          PrometheusRegistry registry = new PrometheusRegistry();
          ReceiverLimits limits = TestData.anyAge(LIMIT);
          ReceiverMetrics metrics = ReceiverMetrics.forSpans(registry);
          LogIntake logs = new LogIntake(LOG_LIMITS, Clock.systemUTC(), registry);
          BatchConsumer<LogBatch> logSink =
              batch -> {
                logPushes.incrementAndGet();
                return CompletableFuture.completedFuture(null);
              };
          sb.requestTimeout(Duration.ofMinutes(2))
              .service(OtlpGrpcTraceService.grpcService(spans, limits, metrics))
              .service(OtlpGrpcLogsService.grpcService(logSink, logs, limits, Clock.systemUTC()))
              .service(new OtlpHttpTraceService(spans, limits, metrics))
              .service(new OtlpHttpLogsService(logSink, logs, limits, Clock.systemUTC()))
              .service(new ZipkinHttpService(spans, limits, metrics))
              .service(new LokiPushService(logSink, logs, limits))
              .decorator(budget.newDecorator());
        }
      };

  private final List<Socket> sockets = new ArrayList<>();
  private WebClient http;

  @BeforeEach
  void setUp() {
    spans.reset();
    logPushes.set(0);
    http = WebClient.of(server.httpUri());
    awaitInUse(inUse -> inUse == 0);
  }

  @AfterEach
  void closeSockets() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    awaitInUse(inUse -> inUse == 0);
  }

  @Test
  void aDeclaredContentLengthReservesNothingOverHttp1() throws IOException {
    for (int i = 0; i < 20; i++) {
      startUpload(i % 2 == 0 ? OtlpHttpTraceService.PATH : ZipkinHttpService.PATH, 3 << 20, 10);
    }

    awaitInUse(inUse -> inUse == 200);
  }

  @Test
  void aDeclaredContentLengthReservesNothingOverHttp2Streams() {
    WebClient h2c = WebClient.of(server.uri(SessionProtocol.H2C));
    List<HttpRequestWriter> streams = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      HttpRequestWriter stream =
          HttpRequest.streaming(
              RequestHeaders.builder(HttpMethod.POST, OtlpHttpTraceService.PATH)
                  .contentType(MediaType.parse("application/x-protobuf"))
                  .contentLength(3 << 20)
                  .build());
      h2c.execute(stream);
      stream.write(HttpData.wrap(new byte[10]));
      streams.add(stream);
    }

    awaitInUse(inUse -> inUse == 400);
    streams.forEach(stream -> stream.abort());
    awaitInUse(inUse -> inUse == 0);
  }

  @Test
  void aFullBudgetIsARetryableRefusalOnEveryReceiverUntilBytesAreReleased() throws Exception {
    Socket holder = startUpload(OtlpHttpTraceService.PATH, 3 << 20, 900 * 1024);
    awaitInUse(inUse -> inUse >= 900 * 1024);

    for (AggregatedHttpResponse refused :
        List.of(
            post(
                http,
                OtlpHttpTraceService.PATH,
                "application/x-protobuf",
                null,
                tracesRequest(BIG).toByteArray()),
            post(http, ZipkinHttpService.PATH, "application/json", null, zipkinJson(BIG)),
            post(
                http,
                OtlpHttpLogsService.PATH,
                "application/x-protobuf",
                null,
                logsRequest(BIG).toByteArray()),
            post(http, LokiPushService.PATH, "application/json", null, lokiJson(BIG)))) {
      assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
      assertThat(refused.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
    }
    AggregatedHttpResponse otlp =
        post(
            http,
            OtlpHttpTraceService.PATH,
            "application/x-protobuf",
            null,
            tracesRequest(BIG).toByteArray());
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(otlp.content().array());
    assertThat(status.getMessage()).contains("retry later");
    assertThat(status.getDetails(0).unpack(RetryInfo.class).getRetryDelay().getSeconds())
        .isEqualTo(1);
    assertGrpcUnavailableWithRetryInfo(() -> traceStub().export(tracesRequest(BIG)));
    assertGrpcUnavailableWithRetryInfo(() -> logStub().export(logsRequest(BIG)));
    // What still fits is taken: a budget, not a gate.
    assertThat(
            post(
                    http,
                    OtlpHttpTraceService.PATH,
                    "application/x-protobuf",
                    null,
                    tracesRequest(10 * 1024).toByteArray())
                .status())
        .isEqualTo(HttpStatus.OK);
    assertThat(budget.refusals()).isGreaterThanOrEqualTo(7);
    assertThat(spans.spans()).hasSize(1);

    holder.close();
    awaitInUse(inUse -> inUse == 0);

    assertThat(
            post(
                    http,
                    OtlpHttpTraceService.PATH,
                    "application/x-protobuf",
                    null,
                    tracesRequest(BIG).toByteArray())
                .status())
        .isEqualTo(HttpStatus.OK);
    assertThat(
            post(http, ZipkinHttpService.PATH, "application/json", null, zipkinJson(BIG)).status())
        .isEqualTo(HttpStatus.ACCEPTED);
    assertThat(
            post(
                    http,
                    OtlpHttpLogsService.PATH,
                    "application/x-protobuf",
                    null,
                    logsRequest(BIG).toByteArray())
                .status())
        .isEqualTo(HttpStatus.OK);
    assertThat(post(http, LokiPushService.PATH, "application/json", null, lokiJson(BIG)).status())
        .isEqualTo(HttpStatus.NO_CONTENT);
    traceStub().export(tracesRequest(BIG));
    logStub().export(logsRequest(BIG));
    assertThat(spans.spans()).hasSize(4);
    assertThat(logPushes.get()).isEqualTo(3);
  }

  @Test
  void inflatedBytesCountToo() throws IOException {
    byte[] compressedTraces = gzip(tracesRequest(BIG).toByteArray());
    byte[] compressedLoki = gzip(lokiJson(BIG));
    assertThat(compressedTraces.length + compressedLoki.length).isLessThan(64 * 1024);
    Socket holder = startUpload(ZipkinHttpService.PATH, 3 << 20, 800 * 1024);
    awaitInUse(inUse -> inUse >= 800 * 1024);

    AggregatedHttpResponse traces =
        post(http, OtlpHttpTraceService.PATH, "application/x-protobuf", "gzip", compressedTraces);
    AggregatedHttpResponse loki =
        post(http, LokiPushService.PATH, "application/json", "gzip", compressedLoki);
    StatusRuntimeException grpc =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> traceStub().withCompression("gzip").export(tracesRequest(BIG)));

    assertThat(traces.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(loki.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(grpc.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    holder.close();
    awaitInUse(inUse -> inUse == 0);
    assertThat(
            post(
                    http,
                    OtlpHttpTraceService.PATH,
                    "application/x-protobuf",
                    "gzip",
                    compressedTraces)
                .status())
        .isEqualTo(HttpStatus.OK);
    traceStub().withCompression("gzip").export(tracesRequest(BIG));
  }

  /**
   * A gzip message is charged while it inflates, before protobuf has read it: the message below is valid for its
   * first 300 KiB and garbage after them, so a charge taken only once the message was parsed would answer
   * INVALID_ARGUMENT; charged as it inflates, the call is refused for the budget long before the garbage.
   */
  @Test
  void grpcMessagesAreChargedWhileTheyInflate() throws IOException {
    Socket holder = startUpload(ZipkinHttpService.PATH, 3 << 20, 800 * 1024);
    awaitInUse(inUse -> inUse >= 800 * 1024);
    byte[] valid = tracesRequest(BIG).toByteArray();
    byte[] message = java.util.Arrays.copyOf(valid, valid.length + 2 * BIG);
    java.util.Arrays.fill(message, valid.length, message.length, (byte) 0xff);
    WebClient h2c = WebClient.of(server.uri(SessionProtocol.H2C));

    AggregatedHttpResponse refused =
        TestHttp.grpcCall(
            h2c,
            "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
            "gzip",
            true,
            gzip(message));

    assertThat(TestHttp.grpcStatus(refused))
        .isEqualTo(String.valueOf(Status.Code.UNAVAILABLE.value()));
    assertThat(TestHttp.grpcMessage(refused)).contains("retry");
    holder.close();
    awaitInUse(inUse -> inUse == 0);
    // Alone, the same message inflates in full and protobuf finds the garbage.
    AggregatedHttpResponse malformed =
        TestHttp.grpcCall(
            h2c,
            "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
            "gzip",
            true,
            gzip(message));
    assertThat(TestHttp.grpcStatus(malformed))
        .isEqualTo(String.valueOf(Status.Code.INVALID_ARGUMENT.value()));
    assertThat(spans.spans()).isEmpty();
  }

  /** A unary gRPC call's body is counted as it arrives, not after Armeria collected all of it. */
  @Test
  void grpcBodiesAreCountedAsTheyArrive() {
    HttpRequestWriter call =
        HttpRequest.streaming(
            RequestHeaders.builder(
                    HttpMethod.POST, "/opentelemetry.proto.collector.trace.v1.TraceService/Export")
                .contentType(MediaType.parse("application/grpc"))
                .set("te", "trailers")
                .build());
    HttpResponse response = WebClient.of(server.uri(SessionProtocol.H2C)).execute(call);
    call.write(HttpData.wrap(ByteBuffer.allocate(5).put((byte) 0).putInt(800 * 1024).array()));
    call.write(HttpData.wrap(new byte[500 * 1024]));

    awaitInUse(inUse -> inUse >= 500 * 1024);
    assertThat(response.whenComplete()).isNotDone();
    call.abort();
    awaitInUse(inUse -> inUse == 0);
  }

  private Socket startUpload(String path, int declaredLength, int sentBytes) throws IOException {
    Socket socket = new Socket("127.0.0.1", server.httpPort());
    sockets.add(socket);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\n"
                + "Content-Length: "
                + declaredLength
                + "\r\n\r\n")
            .getBytes(UTF_8));
    out.write(new byte[sentBytes]);
    out.flush();
    return socket;
  }

  private static void awaitInUse(LongPredicate condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.test(budget.bytesInUse())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("bytes in use stayed at " + budget.bytesInUse());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static void assertGrpcUnavailableWithRetryInfo(Runnable call) throws Exception {
    StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(error.getStatus().getDescription()).contains("retry later");
    assertThat(
            StatusProto.fromThrowable(error)
                .getDetails(0)
                .unpack(RetryInfo.class)
                .getRetryDelay()
                .getSeconds())
        .isEqualTo(1);
  }

  private static TraceServiceGrpc.TraceServiceBlockingStub traceStub() {
    return GrpcClients.builder(server.uri(SessionProtocol.H2C))
        .maxRequestMessageLength(LIMIT)
        .build(TraceServiceGrpc.TraceServiceBlockingStub.class)
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private static LogsServiceGrpc.LogsServiceBlockingStub logStub() {
    return GrpcClients.builder(server.uri(SessionProtocol.H2C))
        .maxRequestMessageLength(LIMIT)
        .build(LogsServiceGrpc.LogsServiceBlockingStub.class)
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** One span padded to about {@code size} bytes. */
  private static ExportTraceServiceRequest tracesRequest(int size) {
    ExportTraceServiceRequest small = OtlpTraceEncoder.encode(List.of(TestData.span()));
    io.opentelemetry.proto.trace.v1.Span span =
        small.getResourceSpans(0).getScopeSpans(0).getSpans(0).toBuilder()
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("pad")
                    .setValue(
                        AnyValue.newBuilder()
                            .setStringValue("x".repeat(size - small.getSerializedSize()))))
            .build();
    return small.toBuilder()
        .setResourceSpans(
            0,
            small.getResourceSpans(0).toBuilder()
                .setScopeSpans(
                    0, small.getResourceSpans(0).getScopeSpans(0).toBuilder().setSpans(0, span)))
        .build();
  }

  /** About {@code size} bytes of log records of 1,000 characters each. */
  private static ExportLogsServiceRequest logsRequest(int size) {
    long now = System.currentTimeMillis() * 1_000_000L;
    ScopeLogs.Builder records = ScopeLogs.newBuilder();
    for (int i = 0; i < size / 1000; i++) {
      records.addLogRecords(
          LogRecord.newBuilder()
              .setTimeUnixNano(now + i)
              .setBody(AnyValue.newBuilder().setStringValue(i + " " + "y".repeat(990))));
    }
    return OtlpLogRequests.request("checkout", records);
  }

  private static byte[] zipkinJson(int size) {
    return SpanBytesEncoder.JSON_V2.encodeList(
        List.of(
            zipkin2.Span.newBuilder()
                .traceId("463ac35c9f6413ad48485a3953bb6124")
                .id("a2fb4a1d1a96d312")
                .name("get /api")
                .timestamp(System.currentTimeMillis() * 1000)
                .duration(2_500L)
                .localEndpoint(Endpoint.newBuilder().serviceName("frontend").build())
                .putTag("pad", "z".repeat(size))
                .build()));
  }

  private static byte[] lokiJson(int size) {
    long now = System.currentTimeMillis() * 1_000_000L;
    StringBuilder json =
        new StringBuilder("{\"streams\":[{\"stream\":{\"app\":\"shop\"},\"values\":[");
    for (int i = 0; i < size / 1000; i++) {
      json.append(i == 0 ? "" : ",")
          .append("[\"")
          .append(now + i)
          .append("\",\"")
          .append(i)
          .append(' ')
          .append("w".repeat(990))
          .append("\"]");
    }
    return json.append("]}]}").toString().getBytes(UTF_8);
  }
}
