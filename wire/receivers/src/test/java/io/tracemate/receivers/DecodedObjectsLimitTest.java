package io.tracemate.receivers;

import static io.tracemate.receivers.TestHttp.post;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.loki4j.pkg.loki.protobuf.Push;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
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
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.component.BatchConsumer;
import io.tracemate.component.LogBatch;
import io.tracemate.receivers.exchange.DecodedObjects;
import io.tracemate.receivers.exchange.ReceiverMetrics;
import io.tracemate.receivers.exchange.RequestBodyBudget;
import io.tracemate.receivers.logs.LogIntake;
import io.tracemate.receivers.logs.LogLimits;
import io.tracemate.receivers.logs.LokiPushService;
import io.tracemate.receivers.logs.OtlpGrpcLogsService;
import io.tracemate.receivers.logs.OtlpHttpLogsService;
import io.tracemate.receivers.logs.TestLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xerial.snappy.Snappy;

/**
 * What a body decodes into is counted and bounded before it is decoded, on every receiver over real sockets: a
 * small body of many empty items (two bytes each on the wire, a hundred of heap each once decoded) is refused with
 * 413 / RESOURCE_EXHAUSTED naming its count and the key, and the decoded heap of what passes is charged to the
 * request-body budget, so that it is refused retryably when the budget is taken.
 */
class DecodedObjectsLimitTest {
  private static final int MAX_OBJECTS = 10_000;
  private static final int TOO_MANY = 20_000;
  private static final int BUDGET = 1 << 20;
  private static final RequestBodyBudget budget =
      new RequestBodyBudget(BUDGET, Duration.ofSeconds(1));
  private static final RecordingSink spans = new RecordingSink();
  private static final AtomicInteger logPushes = new AtomicInteger();
  private static final LogLimits LOG_LIMITS =
      TestLimits.defaults().ingestionRate(1024, 1024).perStreamRate(1 << 30, 1 << 30).build();

  @RegisterExtension
  static final ServerExtension server =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          PrometheusRegistry registry = new PrometheusRegistry();
          ReceiverLimits limits =
              new ReceiverLimits(
                  8 << 20,
                  Duration.ofDays(365L * 200),
                  ReceiverLimits.DEFAULT_SPAN_CREATION_GRACE_PERIOD,
                  MAX_OBJECTS);
          ReceiverMetrics metrics = ReceiverMetrics.forSpans(registry);
          LogIntake logs = new LogIntake(LOG_LIMITS, Clock.systemUTC(), registry);
          BatchConsumer<LogBatch> logSink =
              batch -> {
                logPushes.incrementAndGet();
                return CompletableFuture.completedFuture(null);
              };
          sb.requestTimeout(Duration.ofMinutes(1))
              .service(OtlpGrpcTraceService.grpcService(spans, limits, metrics))
              .service(OtlpGrpcLogsService.grpcService(logSink, logs, limits, Clock.systemUTC()))
              .service(new OtlpHttpTraceService(spans, limits, metrics))
              .service(new OtlpHttpLogsService(logSink, logs, limits, Clock.systemUTC()))
              .service(new ZipkinHttpService(spans, limits, metrics))
              .service(new LokiPushService(logSink, logs, limits))
              .decorator(budget.newDecorator());
        }
      };

  private WebClient http;

  @BeforeEach
  void setUp() {
    spans.reset();
    logPushes.set(0);
    http = WebClient.of(server.httpUri());
    awaitInUse(0);
  }

  @Test
  void bodiesOfTooManyObjectsAre413OnEveryHttpReceiver() throws Exception {
    String objects = (TOO_MANY + 3) + " objects";
    assertRefused(
        post(http, OtlpHttpTraceService.PATH, "application/x-protobuf", null, emptySpans()),
        objects);
    assertRefused(
        post(http, OtlpHttpTraceService.PATH, "application/json", null, emptySpansJson()),
        (TOO_MANY + 6) + " objects");
    assertRefused(
        post(http, OtlpHttpLogsService.PATH, "application/x-protobuf", null, emptyLogRecords()),
        objects);
    assertRefused(
        post(http, ZipkinHttpService.PATH, "application/json", null, jsonArray("{}")),
        (TOO_MANY + 1) + " objects");
    assertRefused(
        post(http, ZipkinHttpService.PATH, "application/x-protobuf", null, zipkinProto3()),
        (TOO_MANY + 1) + " objects");
    assertRefused(
        post(http, LokiPushService.PATH, "application/json", null, lokiJson()),
        (3 * TOO_MANY + 6) + " objects");
    assertRefused(
        post(http, LokiPushService.PATH, "application/x-protobuf", null, lokiProtobuf()),
        (TOO_MANY + 3) + " objects");
    assertThat(spans.spans()).isEmpty();
    assertThat(logPushes.get()).isZero();
  }

  @Test
  void gzipBodiesAreCountedAsInflated() throws IOException {
    assertRefused(
        post(
            http,
            OtlpHttpTraceService.PATH,
            "application/x-protobuf",
            "gzip",
            TestHttp.gzip(emptySpans())),
        (TOO_MANY + 3) + " objects");
  }

  @Test
  void grpcMessagesOfTooManyObjectsAreResourceExhausted() {
    StatusRuntimeException traces =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> traceStub().export(ExportTraceServiceRequest.parseFrom(emptySpans())));
    StatusRuntimeException logs =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> logStub().export(ExportLogsServiceRequest.parseFrom(emptyLogRecords())));
    StatusRuntimeException gzipped =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                traceStub()
                    .withCompression("gzip")
                    .export(ExportTraceServiceRequest.parseFrom(emptySpans())));

    for (StatusRuntimeException refused : new StatusRuntimeException[] {traces, logs, gzipped}) {
      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(refused.getStatus().getDescription())
          .contains((TOO_MANY + 3) + " objects")
          .contains(DecodedObjects.LIMIT_KEY);
    }
    assertThat(spans.spans()).isEmpty();
  }

  @Test
  void bodiesWithinTheLimitAreDecoded() throws Exception {
    java.util.List<io.tracemate.model.Span> thousand = new java.util.ArrayList<>();
    for (int i = 1; i <= 1_000; i++) {
      thousand.add(TestData.span().toBuilder().spanId(new io.tracemate.model.SpanId(i)).build());
    }
    byte[] fine = io.tracemate.codec.otlp.OtlpTraceEncoder.encode(thousand).toByteArray();

    assertThat(post(http, OtlpHttpTraceService.PATH, "application/x-protobuf", null, fine).status())
        .isEqualTo(HttpStatus.OK);
    traceStub().export(ExportTraceServiceRequest.parseFrom(fine));
    assertThat(spans.spans()).hasSize(2_000);
  }

  /**
   * 9,000 empty spans are 18 KB on the wire and about 1.1 MB of heap decoded: with another upload holding part of
   * the 1 MiB budget they do not fit and are refused retryably; alone they pass, and the charge is given back.
   */
  @Test
  void theDecodedHeapIsChargedToTheBudget() throws Exception {
    byte[] body = emptySpans(9_000);
    assertThat(body.length).isLessThan(20_000);
    try (Socket holder = startUpload(200 * 1024)) {
      awaitInUse(200 * 1024);

      AggregatedHttpResponse refused =
          post(http, OtlpHttpTraceService.PATH, "application/x-protobuf", null, body);
      StatusRuntimeException grpc =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () -> traceStub().export(ExportTraceServiceRequest.parseFrom(body)));

      assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
      assertThat(refused.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
      assertThat(grpc.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(
              StatusProto.fromThrowable(grpc)
                  .getDetails(0)
                  .unpack(RetryInfo.class)
                  .getRetryDelay()
                  .getSeconds())
          .isEqualTo(1);
    }
    awaitInUse(0);

    assertThat(post(http, OtlpHttpTraceService.PATH, "application/x-protobuf", null, body).status())
        .isEqualTo(HttpStatus.OK);
    traceStub().export(ExportTraceServiceRequest.parseFrom(body));
    awaitInUse(0);
  }

  private static void assertRefused(AggregatedHttpResponse response, String count)
      throws IOException {
    assertThat(response.status()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
    String message =
        response.contentType() != null && response.contentType().subtype().contains("protobuf")
            ? com.google.rpc.Status.parseFrom(response.content().array()).getMessage()
            : response.contentUtf8();
    assertThat(message).contains(count).contains(DecodedObjects.LIMIT_KEY);
  }

  private static byte[] emptySpans() {
    return emptySpans(TOO_MANY);
  }

  private static byte[] emptySpans(int count) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int i = 0; i < count; i++) {
      scope.addSpans(Span.getDefaultInstance());
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope))
        .build()
        .toByteArray();
  }

  private static byte[] emptyLogRecords() {
    ScopeLogs.Builder scope = ScopeLogs.newBuilder();
    for (int i = 0; i < TOO_MANY; i++) {
      scope.addLogRecords(LogRecord.getDefaultInstance());
    }
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(scope))
        .build()
        .toByteArray();
  }

  /** {"resourceSpans":[{"scopeSpans":[{"spans":[{},{},...]}]}]}: six values around the spans. */
  private static byte[] emptySpansJson() {
    return ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":"
            + new String(jsonArray("{}"), UTF_8)
            + "}]}]}")
        .getBytes(UTF_8);
  }

  private static byte[] jsonArray(String element) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < TOO_MANY; i++) {
      json.append(i == 0 ? "" : ",").append(element);
    }
    return json.append(']').toString().getBytes(UTF_8);
  }

  /** ListOfSpans of empty spans: field 1, length 0, over and over. */
  private static byte[] zipkinProto3() {
    byte[] body = new byte[2 * TOO_MANY];
    for (int i = 0; i < body.length; i += 2) {
      body[i] = 0x0a;
    }
    return body;
  }

  /** One stream of empty entries: {"streams":[{"stream":{"a":"b"},"values":[["1",""],...]}]}. */
  private static byte[] lokiJson() {
    return ("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":"
            + new String(jsonArray("[\"1\",\"\"]"), UTF_8)
            + "}]}")
        .getBytes(UTF_8);
  }

  private static byte[] lokiProtobuf() throws IOException {
    Push.StreamAdapter.Builder stream = Push.StreamAdapter.newBuilder().setLabels("{a=\"b\"}");
    for (int i = 0; i < TOO_MANY; i++) {
      stream.addEntries(Push.EntryAdapter.getDefaultInstance());
    }
    return Snappy.compress(Push.PushRequest.newBuilder().addStreams(stream).build().toByteArray());
  }

  private Socket startUpload(int sentBytes) throws IOException {
    Socket socket = new Socket("127.0.0.1", server.httpPort());
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST "
                + ZipkinHttpService.PATH
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + (4 << 20)
                + "\r\n\r\n")
            .getBytes(UTF_8));
    out.write(new byte[sentBytes]);
    out.flush();
    return socket;
  }

  private static void awaitInUse(long bytes) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (bytes == 0 ? budget.bytesInUse() != 0 : budget.bytesInUse() < bytes) {
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

  private static TraceServiceGrpc.TraceServiceBlockingStub traceStub() {
    return GrpcClients.builder(server.uri(SessionProtocol.H2C))
        .maxRequestMessageLength(8 << 20)
        .build(TraceServiceGrpc.TraceServiceBlockingStub.class)
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private static LogsServiceGrpc.LogsServiceBlockingStub logStub() {
    return GrpcClients.builder(server.uri(SessionProtocol.H2C))
        .maxRequestMessageLength(8 << 20)
        .build(LogsServiceGrpc.LogsServiceBlockingStub.class)
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }
}
