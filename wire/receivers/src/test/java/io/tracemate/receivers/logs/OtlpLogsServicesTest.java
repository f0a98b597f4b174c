package io.tracemate.receivers.logs;

import static io.tracemate.receivers.logs.LokiPushServiceTest.counter;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.component.Refusal;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import io.tracemate.receivers.ReceiverLimits;
import io.tracemate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OTLP logs over gRPC and HTTP: the OpenTelemetry SDK's exporters unchanged, and hand-made requests for limits. */
class OtlpLogsServicesTest {
  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN = "b7ad6b7169203331";
  private static final Instant NOW = Instant.now();
  private static final long NOW_NS = NOW.getEpochSecond() * 1_000_000_000L + NOW.getNano();
  private static final RecordingLogSink sink = new RecordingLogSink();
  private static final PrometheusRegistry registry = new PrometheusRegistry();
  private static final MutableClock clock = new MutableClock(NOW);
  private static final java.util.concurrent.atomic.AtomicInteger tracesReceived =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Tenant rate 16 KiB/s, burst 16 KiB; everything else Loki's defaults. */
  private static final LogLimits LIMITS =
      TestLimits.defaults().ingestionRate(1.0 / 64, 1.0 / 64).build();

  @RegisterExtension
  static final ServerExtension server =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          LogIntake intake = new LogIntake(LIMITS, clock, registry);
          sb.service(OtlpGrpcLogsService.grpcService(sink, intake, ReceiverLimits.DEFAULT, clock));
          // The trace service shares the OTLP gRPC port in production; both must bind side by side.
          sb.service(
              io.tracemate.receivers.OtlpGrpcTraceService.grpcService(
                  spans -> {
                    tracesReceived.addAndGet(spans.items());
                    return java.util.concurrent.CompletableFuture.completedFuture(null);
                  },
                  ReceiverLimits.DEFAULT,
                  io.tracemate.receivers.exchange.ReceiverMetrics.forSpans(registry)));
          sb.service(new OtlpHttpLogsService(sink, intake, ReceiverLimits.DEFAULT, clock));
        }
      };

  @BeforeEach
  void setUp() {
    sink.reset();
    clock.set(NOW);
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http/protobuf"})
  void sdkExporterDeliversLabelsMetadataAndOrder(String protocol) {
    LogRecordExporter exporter =
        protocol.equals("grpc")
            ? OtlpGrpcLogRecordExporter.builder()
                .setEndpoint(server.httpUri().toString())
                .addHeader("X-Scope-OrgID", "team-o")
                .setCompression("gzip")
                .build()
            : OtlpHttpLogRecordExporter.builder()
                .setEndpoint(server.httpUri().resolve(OtlpHttpLogsService.PATH).toString())
                .addHeader("X-Scope-OrgID", "team-o")
                .setCompression("gzip")
                .build();
    SdkLoggerProvider provider =
        SdkLoggerProvider.builder()
            .setResource(
                io.opentelemetry.sdk.resources.Resource.create(
                    Attributes.builder()
                        .put("service.name", "checkout")
                        .put("service.version", "1.2")
                        .put("k8s.namespace.name", "shop")
                        .put("deployment.environment.name", "prod")
                        .build()))
            .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter).build())
            .build();
    try {
      Logger logger =
          provider.loggerBuilder("io.example.checkout").setInstrumentationVersion("2.0").build();
      Context traced =
          Context.root()
              .with(
                  Span.wrap(
                      SpanContext.create(
                          TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault())));
      logger
          .logRecordBuilder()
          .setTimestamp(NOW_NS, TimeUnit.NANOSECONDS)
          .setSeverity(Severity.INFO)
          .setBody("cart loaded")
          .setAttribute(AttributeKey.longKey("user.id"), 42L)
          .setContext(traced)
          .emit();
      logger
          .logRecordBuilder()
          .setTimestamp(NOW_NS + 1, TimeUnit.NANOSECONDS)
          .setSeverity(Severity.WARN)
          .setBody("payment slow")
          .emit();
      logger
          .logRecordBuilder()
          .setTimestamp(NOW_NS + 2, TimeUnit.NANOSECONDS)
          .setSeverity(Severity.INFO)
          .setBody("order placed")
          .emit();
      assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    } finally {
      provider.shutdown().join(5, TimeUnit.SECONDS);
    }

    LabelSet base = LabelSet.of("service_name", "checkout", "namespace", "shop", "env", "prod");
    LabelSet scope =
        LabelSet.of(
            "service_version", "1.2", "scope_name", "io.example.checkout", "scope_version", "2.0");
    assertThat(sink.pushes()).extracting(RecordingLogSink.Push::tenant).containsOnly("team-o");
    assertThat(sink.streams())
        .containsExactly(
            new LogStream(
                base.with("level", "info"),
                List.of(
                    new LogEntry(
                        NOW_NS,
                        "cart loaded",
                        scope.with("user_id", "42").with("trace_id", TRACE).with("span_id", SPAN)),
                    new LogEntry(NOW_NS + 2, "order placed", scope))),
            new LogStream(
                base.with("level", "warn"),
                List.of(new LogEntry(NOW_NS + 1, "payment slow", scope))));
    String transport = protocol.equals("grpc") ? "grpc" : "http";
    assertThat(
            counter(
                registry,
                "tracemate_log_receiver_lines_received",
                "receiver",
                "otlp",
                "transport",
                transport))
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void grpcRefusalsArePartialSuccessAndTheRestIsStored() {
    ExportLogsServiceRequest request =
        request(
            record(NOW_NS, "kept"),
            record(NOW_NS - Duration.ofDays(8).toNanos(), "too old"),
            record(NOW_NS, "bad id").toBuilder()
                .setTraceId(ByteString.copyFrom(new byte[3]))
                .build());

    ExportLogsServiceResponse response = stub("t-partial").export(request);

    assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(2);
    assertThat(response.getPartialSuccess().getErrorMessage())
        .isEqualTo(
            "1 log record rejected: record 2 of scope 's' has a trace ID of 3 bytes (want 16)\n"
                + "entry for stream '{service_name=\"api\"}' has timestamp too old: "
                + Instant.ofEpochSecond(0, NOW_NS - Duration.ofDays(8).toNanos())
                + ", oldest acceptable timestamp is: "
                + Instant.ofEpochSecond(0, NOW_NS - Duration.ofDays(7).toNanos()));
    assertThat(sink.streams())
        .containsExactly(
            new LogStream(
                LabelSet.of("service_name", "api"),
                List.of(new LogEntry(NOW_NS, "kept", LabelSet.of("scope_name", "s")))));
  }

  @Test
  void grpcRateLimitIsResourceExhaustedWithRetryInfo() throws Exception {
    StatusRuntimeException error =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> stub("t-grpc-rate").export(request(record(NOW_NS, "x".repeat(20_000)))));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(error.getStatus().getDescription())
        .startsWith("Ingestion rate limit exceeded for user t-grpc-rate (limit: 16384 bytes/sec)");
    RetryInfo retry = StatusProto.fromThrowable(error).getDetails(0).unpack(RetryInfo.class);
    assertThat(retry.getRetryDelay().getSeconds()).isEqualTo(1);
    assertThat(sink.pushes()).isEmpty();
  }

  @Test
  void grpcBackpressureIsUnavailableWithRetryInfo() throws Exception {
    sink.failWith(() -> Refusal.overloaded("WAL queue full", Duration.ofSeconds(2)));

    StatusRuntimeException error =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> stub("t-bp").export(request(record(NOW_NS, "x"))));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(error.getStatus().getDescription()).contains("WAL queue full");
    assertThat(
            StatusProto.fromThrowable(error)
                .getDetails(0)
                .unpack(RetryInfo.class)
                .getRetryDelay()
                .getSeconds())
        .isEqualTo(2);
  }

  @Test
  void httpJsonIsAcceptedWithHexIds() {
    String json =
        """
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},
          "scopeLogs":[{"logRecords":[{"timeUnixNano":"%d","severityText":"Error","body":{"stringValue":"boom"},
            "traceId":"%s"}]}]}]}"""
            .formatted(NOW_NS, TRACE.toUpperCase());

    AggregatedHttpResponse response = post("application/json", "t-json", json.getBytes(UTF_8));

    assertThat(response.status().code()).isEqualTo(200);
    assertThat(response.contentUtf8()).isEqualTo("{}");
    assertThat(sink.streams())
        .containsExactly(
            new LogStream(
                LabelSet.of("service_name", "api", "level", "error"),
                List.of(new LogEntry(NOW_NS, "boom", LabelSet.of("trace_id", TRACE)))));
  }

  @Test
  void tracesAndLogsShareTheGrpcPort() {
    io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc.TraceServiceBlockingStub traces =
        GrpcClients.newClient(
            server.uri(SessionProtocol.H2C),
            io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc.TraceServiceBlockingStub
                .class);
    int before = tracesReceived.get();

    traces.export(
        io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                io.opentelemetry.proto.trace.v1.ResourceSpans.newBuilder()
                    .addScopeSpans(
                        io.opentelemetry.proto.trace.v1.ScopeSpans.newBuilder()
                            .addSpans(
                                io.opentelemetry.proto.trace.v1.Span.newBuilder()
                                    .setTraceId(
                                        ByteString.copyFrom(
                                            new byte[] {
                                              1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
                                            }))
                                    .setSpanId(
                                        ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                                    .setName("op")
                                    .setStartTimeUnixNano(NOW_NS)
                                    .setEndTimeUnixNano(NOW_NS + 1))))
            .build());
    stub("t-shared").export(request(record(NOW_NS, "log")));

    assertThat(tracesReceived.get() - before).isEqualTo(1);
    assertThat(sink.streams()).hasSize(1);
  }

  @Test
  void lokisOtlpPathIsServedToo() {
    AggregatedHttpResponse response =
        WebClient.of(server.httpUri())
            .execute(
                HttpRequest.of(
                    RequestHeaders.builder(HttpMethod.POST, OtlpHttpLogsService.LOKI_PATH)
                        .set("content-type", "application/x-protobuf")
                        .build(),
                    HttpData.wrap(request(record(NOW_NS, "via loki path")).toByteArray())))
            .aggregate()
            .join();

    assertThat(response.status().code()).isEqualTo(200);
    assertThat(sink.pushes()).extracting(RecordingLogSink.Push::tenant).containsExactly("fake");
    assertThat(sink.streams().getFirst().entries())
        .extracting(LogEntry::line)
        .containsExactly("via loki path");
  }

  @Test
  void httpRateLimitIs429WithRetryAfter() {
    AggregatedHttpResponse response =
        post(
            "application/x-protobuf",
            "t-http-rate",
            request(record(NOW_NS, "x".repeat(20_000))).toByteArray());

    assertThat(response.status().code()).isEqualTo(429);
    assertThat(response.headers().get("retry-after")).isEqualTo("1");
    assertThat(sink.pushes()).isEmpty();
  }

  @Test
  void httpPartialSuccessAndErrors() throws Exception {
    AggregatedHttpResponse partial =
        post(
            "application/x-protobuf",
            "t-http",
            request(record(NOW_NS, "ok"), record(NOW_NS + Duration.ofHours(1).toNanos(), "future"))
                .toByteArray());
    AggregatedHttpResponse malformed =
        post("application/json", "t-http", "{\"resourceLogs\":7}".getBytes(UTF_8));
    AggregatedHttpResponse unsupported = post("text/plain", "t-http", "x".getBytes(UTF_8));

    assertThat(partial.status().code()).isEqualTo(200);
    ExportLogsServiceResponse body = ExportLogsServiceResponse.parseFrom(partial.content().array());
    assertThat(body.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
    assertThat(body.getPartialSuccess().getErrorMessage()).contains("has timestamp too new");
    assertThat(malformed.status().code()).isEqualTo(400);
    assertThat(malformed.contentUtf8()).contains("cannot decode the JSON ExportLogsServiceRequest");
    assertThat(unsupported.status().code()).isEqualTo(415);
    assertThat(sink.streams()).hasSize(1);
  }

  private static LogsServiceGrpc.LogsServiceBlockingStub stub(String tenant) {
    return GrpcClients.builder(server.uri(SessionProtocol.H2C))
        .addHeader("X-Scope-OrgID", tenant)
        .build(LogsServiceGrpc.LogsServiceBlockingStub.class)
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static AggregatedHttpResponse post(String contentType, String tenant, byte[] body) {
    return WebClient.of(server.httpUri())
        .execute(
            HttpRequest.of(
                RequestHeaders.builder(HttpMethod.POST, OtlpHttpLogsService.PATH)
                    .set("content-type", contentType)
                    .set("X-Scope-OrgID", tenant)
                    .build(),
                HttpData.wrap(body)))
        .aggregate()
        .join();
  }

  private static ExportLogsServiceRequest request(LogRecord... records) {
    return OtlpLogRequests.request(
        "api",
        ScopeLogs.newBuilder()
            .setScope(
                io.opentelemetry.proto.common.v1.InstrumentationScope.newBuilder().setName("s"))
            .addAllLogRecords(List.of(records)));
  }

  private static LogRecord record(long timestamp, String body) {
    return LogRecord.newBuilder()
        .setTimeUnixNano(timestamp)
        .setBody(AnyValue.newBuilder().setStringValue(body))
        .build();
  }
}
