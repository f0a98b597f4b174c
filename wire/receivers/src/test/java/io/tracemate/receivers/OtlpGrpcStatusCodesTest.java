package io.tracemate.receivers;

import static io.tracemate.receivers.TestHttp.grpcCall;
import static io.tracemate.receivers.TestHttp.grpcMessage;
import static io.tracemate.receivers.TestHttp.grpcStatus;
import static io.tracemate.receivers.TestHttp.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.grpc.Codec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.codec.otlp.OtlpTraceEncoder;
import io.tracemate.component.BatchConsumer;
import io.tracemate.component.LogBatch;
import io.tracemate.component.Refusal;
import io.tracemate.receivers.exchange.ReceiverMetrics;
import io.tracemate.receivers.logs.LogIntake;
import io.tracemate.receivers.logs.LogLimits;
import io.tracemate.receivers.logs.OtlpGrpcLogsService;
import io.tracemate.receivers.logs.OtlpLogRequests;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gRPC status codes both OTLP gRPC services (traces and logs) answer for client mistakes in message
 * compression, and the absence of surrounding whitespace in every status message, with raw frames and with a real
 * gRPC client.
 */
class OtlpGrpcStatusCodesTest {
  private static final int LIMIT = 256 * 1024;
  private static final RecordingSink spans = new RecordingSink();
  private static final AtomicInteger logPushes = new AtomicInteger();
  private static final AtomicBoolean logSinkFull = new AtomicBoolean();

  @RegisterExtension
  static final ServerExtension server =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          PrometheusRegistry registry = new PrometheusRegistry();
          sb.service(
              OtlpGrpcTraceService.grpcService(
                  spans, TestData.anyAge(LIMIT), ReceiverMetrics.forSpans(registry)));
          BatchConsumer<LogBatch> logSink =
              batch -> {
                if (logSinkFull.get()) {
                  return CompletableFuture.failedFuture(
                      Refusal.overloaded("log queue full \n ", Duration.ofSeconds(2)));
                }
                logPushes.incrementAndGet();
                return CompletableFuture.completedFuture(null);
              };
          sb.service(
              OtlpGrpcLogsService.grpcService(
                  logSink,
                  new LogIntake(LogLimits.DEFAULTS, Clock.systemUTC(), registry),
                  TestData.anyAge(LIMIT),
                  Clock.systemUTC()));
        }
      };

  /** The two OTLP gRPC services, each with a valid request. */
  enum Signal {
    TRACES("/opentelemetry.proto.collector.trace.v1.TraceService/Export") {
      @Override
      byte[] request() {
        return OtlpTraceEncoder.encode(List.of(TestData.span())).toByteArray();
      }

      @Override
      void exportWith(Codec compressor) {
        GrpcClients.builder(server.uri(SessionProtocol.H2C))
            .compressor(compressor)
            .build(TraceServiceGrpc.TraceServiceBlockingStub.class)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .export(OtlpTraceEncoder.encode(List.of(TestData.span())));
      }

      @Override
      int received() {
        return spans.spans().size();
      }

      @Override
      void fillSink() {
        spans.failWith(() -> Refusal.overloaded("span queue full \n ", Duration.ofSeconds(2)));
      }
    },
    LOGS("/opentelemetry.proto.collector.logs.v1.LogsService/Export") {
      @Override
      byte[] request() {
        return logsRequest().toByteArray();
      }

      @Override
      void exportWith(Codec compressor) {
        GrpcClients.builder(server.uri(SessionProtocol.H2C))
            .compressor(compressor)
            .build(LogsServiceGrpc.LogsServiceBlockingStub.class)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .export(logsRequest());
      }

      @Override
      int received() {
        return logPushes.get();
      }

      @Override
      void fillSink() {
        logSinkFull.set(true);
      }
    };

    final String path;

    Signal(String path) {
      this.path = path;
    }

    abstract byte[] request();

    abstract void exportWith(Codec compressor);

    abstract int received();

    abstract void fillSink();
  }

  private WebClient h2c;

  @BeforeEach
  void setUp() {
    spans.reset();
    logPushes.set(0);
    logSinkFull.set(false);
    h2c = WebClient.of(server.uri(SessionProtocol.H2C));
  }

  @ParameterizedTest
  @EnumSource(Signal.class)
  void compressedMessageInAnUnsupportedCodingIsUnimplementedAndGzipIsAdvertised(Signal signal) {
    AggregatedHttpResponse response =
        grpcCall(h2c, signal.path, "snappy", true, gzip(signal.request()));

    assertThat(grpcStatus(response)).isEqualTo(code(Status.Code.UNIMPLEMENTED));
    assertThat(grpcMessage(response))
        .contains("grpc-encoding 'snappy' is not supported")
        .contains("gzip");
    assertThat(response.headers().get("grpc-accept-encoding"))
        .contains("gzip")
        .doesNotContain("snappy");
    assertThat(signal.received()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Signal.class)
  void realClientCompressingWithAnUnsupportedCodecGetsUnimplemented(Signal signal) {
    StatusRuntimeException error =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> signal.exportWith(new DeflateCodec()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(error.getStatus().getDescription()).contains("x-deflate");
    assertThat(signal.received()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Signal.class)
  void compressedFlagWithoutGrpcEncodingIsInvalidArgument(Signal signal) {
    AggregatedHttpResponse absent = grpcCall(h2c, signal.path, null, true, gzip(signal.request()));
    AggregatedHttpResponse identity =
        grpcCall(h2c, signal.path, "identity", true, gzip(signal.request()));

    for (AggregatedHttpResponse response : List.of(absent, identity)) {
      assertThat(grpcStatus(response)).isEqualTo(code(Status.Code.INVALID_ARGUMENT));
      assertThat(grpcMessage(response)).contains("marked compressed").contains("grpc-encoding");
    }
    assertThat(signal.received()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Signal.class)
  void anUnsupportedCodingThatNoMessageUsesIsHarmless(Signal signal) {
    AggregatedHttpResponse response = grpcCall(h2c, signal.path, "snappy", false, signal.request());

    assertThat(grpcStatus(response)).isEqualTo(code(Status.Code.OK));
    assertThat(signal.received()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Signal.class)
  void gzipWithTheFlagIsAccepted(Signal signal) {
    AggregatedHttpResponse response =
        grpcCall(h2c, signal.path, "gzip", true, gzip(signal.request()));

    assertThat(grpcStatus(response)).isEqualTo(code(Status.Code.OK));
    assertThat(signal.received()).isEqualTo(1);
  }

  /** Armeria's own message for a frame over the limit ends in ". "; it must leave without the space. */
  @ParameterizedTest
  @EnumSource(Signal.class)
  void frameOverTheLimitIsResourceExhaustedWithATrimmedMessage(Signal signal) {
    // A frame header declaring more than the limit, followed by a few bytes.
    byte[] frame = ByteBuffer.allocate(9).put((byte) 0).putInt(LIMIT + 1).putInt(0).array();
    AggregatedHttpResponse response =
        h2c.execute(
                HttpRequest.of(
                    RequestHeaders.builder(HttpMethod.POST, signal.path)
                        .contentType(MediaType.parse("application/grpc"))
                        .set("te", "trailers")
                        .build(),
                    HttpData.wrap(frame)))
            .aggregate()
            .join();

    assertThat(grpcStatus(response)).isEqualTo(code(Status.Code.RESOURCE_EXHAUSTED));
    assertThat(grpcMessage(response)).contains("exceeds").isEqualTo(grpcMessage(response).strip());
  }

  @ParameterizedTest
  @EnumSource(Signal.class)
  void backpressureMessageEndingInWhitespaceIsTrimmedOnTheWireAndInTheDetails(Signal signal) {
    signal.fillSink();

    AggregatedHttpResponse raw = grpcCall(h2c, signal.path, null, false, signal.request());
    StatusRuntimeException error =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> signal.exportWith(Codec.Identity.NONE));

    assertThat(grpcStatus(raw)).isEqualTo(code(Status.Code.UNAVAILABLE));
    assertThat(grpcMessage(raw)).contains("queue full").isEqualTo(grpcMessage(raw).strip());
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(error.getStatus().getDescription()).endsWith("queue full");
    assertThat(StatusProto.fromThrowable(error).getMessage()).endsWith("queue full");
  }

  private static String code(Status.Code code) {
    return Integer.toString(code.value());
  }

  private static ExportLogsServiceRequest logsRequest() {
    long now = System.currentTimeMillis() * 1_000_000L;
    return OtlpLogRequests.request(
        "checkout",
        ScopeLogs.newBuilder()
            .addLogRecords(
                LogRecord.newBuilder()
                    .setTimeUnixNano(now)
                    .setBody(AnyValue.newBuilder().setStringValue("order placed"))
                    .setTraceId(
                        ByteString.copyFrom(
                            new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))));
  }

  /** A message coding the server does not know, as a real client would register one. */
  private static final class DeflateCodec implements Codec {
    @Override
    public String getMessageEncoding() {
      return "x-deflate";
    }

    @Override
    public OutputStream compress(OutputStream os) {
      return new DeflaterOutputStream(os);
    }

    @Override
    public InputStream decompress(InputStream is) {
      return new InflaterInputStream(is);
    }
  }
}
