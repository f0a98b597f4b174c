package io.tracemate.receivers;

import static io.tracemate.receivers.TestHttp.counter;
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
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.codec.otlp.OtlpTraceEncoder;
import io.tracemate.component.Refusal;
import io.tracemate.receivers.exchange.ReceiverMetrics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OtlpGrpcTraceServiceTest {
  private static final int LIMIT = 256 * 1024;
  private static final RecordingSink sink = new RecordingSink();
  private static final PrometheusRegistry registry = new PrometheusRegistry();

  @RegisterExtension
  static final ServerExtension server =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          sb.service(
              OtlpGrpcTraceService.grpcService(
                  sink, TestData.anyAge(LIMIT), ReceiverMetrics.forSpans(registry)));
        }
      };

  private TraceServiceGrpc.TraceServiceBlockingStub stub;

  @BeforeEach
  void setUp() {
    sink.reset();
    stub =
        GrpcClients.newClient(
                server.uri(SessionProtocol.H2C), TraceServiceGrpc.TraceServiceBlockingStub.class)
            .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @Test
  void sdkExporterWithGzipDeliversEveryField() {
    List<SpanData> spans = SdkSpans.rich();
    OtlpGrpcSpanExporter exporter =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint(server.httpUri().toString())
            .setCompression("gzip")
            .build();
    try {
      CompletableResultCode result = exporter.export(spans).join(10, TimeUnit.SECONDS);
      assertThat(result.isSuccess()).isTrue();
    } finally {
      exporter.shutdown().join(5, TimeUnit.SECONDS);
    }
    SdkSpans.assertReceivedIntact(spans, sink.spans());
    assertThat(
            counter(
                registry,
                "tracemate_receiver_spans_received",
                "receiver",
                "otlp",
                "transport",
                "grpc"))
        .isGreaterThanOrEqualTo(spans.size());
  }

  @Test
  void fullSuccessHasNoPartialSuccess() {
    ExportTraceServiceResponse response =
        stub.export(OtlpTraceEncoder.encode(List.of(TestData.span())));

    assertThat(response.hasPartialSuccess()).isFalse();
    assertThat(sink.spans()).containsExactly(TestData.span());
  }

  @Test
  void spansWithInvalidIdsGetPartialSuccess() {
    ExportTraceServiceRequest request =
        OtlpTraceEncoder.encode(List.of(TestData.span())).toBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .addSpans(
                                io.opentelemetry.proto.trace.v1.Span.newBuilder()
                                    .setTraceId(ByteString.copyFrom(new byte[15]))
                                    .setSpanId(ByteString.copyFrom(new byte[8])))))
            .build();

    ExportTraceServiceResponse response = stub.export(request);

    assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(response.getPartialSuccess().getErrorMessage())
        .isEqualTo("1 span rejected: span 0 of scope '' has a trace ID of 15 bytes (want 16)");
    assertThat(sink.spans()).containsExactly(TestData.span());
  }

  @Test
  void backpressureIsUnavailableWithRetryInfo() throws Exception {
    sink.failWith(() -> Refusal.overloaded("queue full", Duration.ofMillis(2500)));

    StatusRuntimeException error =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> stub.export(OtlpTraceEncoder.encode(List.of(TestData.span()))));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(error.getStatus().getDescription()).contains("queue full");
    com.google.rpc.Status details = StatusProto.fromThrowable(error);
    assertThat(details).isNotNull();
    RetryInfo retryInfo = details.getDetails(0).unpack(RetryInfo.class);
    assertThat(retryInfo.getRetryDelay().getSeconds()).isEqualTo(2);
    assertThat(retryInfo.getRetryDelay().getNanos()).isEqualTo(500_000_000);
  }

  @Test
  void sinkFailureIsInternal() {
    sink.failWith(() -> new IllegalStateException("disk on fire"));

    StatusRuntimeException error =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> stub.export(OtlpTraceEncoder.encode(List.of(TestData.span()))));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
  }

  @Test
  void messageOverTheLimitIsResourceExhausted() {
    ExportTraceServiceRequest big = bigRequest(LIMIT + 1024);

    StatusRuntimeException plain =
        catchThrowableOfType(StatusRuntimeException.class, () -> stub.export(big));
    StatusRuntimeException gzipped =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> stub.withCompression("gzip").export(big));

    assertThat(plain.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(gzipped.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(plain.getStatus().getDescription()).contains("exceeds");
    assertThat(sink.spans()).isEmpty();
  }

  @Test
  void gzipMessageUnderTheLimitIsAccepted() {
    ExportTraceServiceResponse response =
        stub.withCompression("gzip").export(bigRequest(LIMIT - 4096));
    assertThat(response.hasPartialSuccess()).isFalse();
    assertThat(sink.spans()).hasSize(1);
  }

  @Test
  void undecodableMessageIsInvalidArgument() {
    byte[] garbage = {10, 100, 1, 2, 3};
    ByteBuffer frame =
        ByteBuffer.allocate(5 + garbage.length).put((byte) 0).putInt(garbage.length).put(garbage);
    WebClient client = WebClient.of(server.uri(SessionProtocol.H2C));

    AggregatedHttpResponse response =
        client
            .execute(
                HttpRequest.of(
                    RequestHeaders.builder(
                            HttpMethod.POST,
                            "/opentelemetry.proto.collector.trace.v1.TraceService/Export")
                        .contentType(
                            com.linecorp.armeria.common.MediaType.parse("application/grpc"))
                        .set("te", "trailers")
                        .build(),
                    HttpData.wrap(frame.array())))
            .aggregate()
            .join();

    String grpcStatus =
        response.trailers().get("grpc-status", response.headers().get("grpc-status"));
    assertThat(grpcStatus).isEqualTo(Integer.toString(Status.Code.INVALID_ARGUMENT.value()));
  }

  /** One span whose attribute makes the message about {@code size} bytes; compresses to almost nothing. */
  private static ExportTraceServiceRequest bigRequest(int size) {
    ExportTraceServiceRequest small = OtlpTraceEncoder.encode(List.of(TestData.span()));
    int padding = size - small.getSerializedSize() - 16;
    io.opentelemetry.proto.trace.v1.Span span =
        small.getResourceSpans(0).getScopeSpans(0).getSpans(0).toBuilder()
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("pad")
                    .setValue(AnyValue.newBuilder().setStringValue("x".repeat(padding))))
            .build();
    ExportTraceServiceRequest request =
        small.toBuilder()
            .setResourceSpans(
                0,
                small.getResourceSpans(0).toBuilder()
                    .setScopeSpans(
                        0,
                        small.getResourceSpans(0).getScopeSpans(0).toBuilder().setSpans(0, span)))
            .build();
    assertThat(request.getSerializedSize()).isBetween(size - 64, size + 64);
    return request;
  }
}
