package io.tracemate.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;

/**
 * OTLP/gRPC {@code TraceService/Export} through Armeria's gRPC client. The request is the
 * pre-encoded protobuf body: the method descriptor's request marshaller passes the bytes through
 * instead of serializing a message again.
 */
final class OtlpGrpcSender implements BatchSender {

  private static final MethodDescriptor.Marshaller<byte[]> PRE_ENCODED =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private static final MethodDescriptor<byte[], ExportTraceServiceResponse> EXPORT =
      TraceServiceGrpc.getExportMethod().toBuilder(
              PRE_ENCODED, ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
          .build();

  private final Channel channel;

  OtlpGrpcSender(
      String baseUri, ClientFactory factory, Duration timeout, Map<String, String> headers) {
    TraceServiceGrpc.TraceServiceBlockingStub stub =
        GrpcClients.builder(baseUri)
            .factory(factory)
            .addHeaders(headers.entrySet())
            .useMethodMarshaller(true)
            .responseTimeout(timeout)
            .maxResponseLength(16 * 1024 * 1024)
            .build(TraceServiceGrpc.TraceServiceBlockingStub.class);
    this.channel = stub.getChannel();
  }

  @Override
  public Attempt send(EncodedBatch batch) {
    try {
      ExportTraceServiceResponse response =
          ClientCalls.blockingUnaryCall(channel, EXPORT, CallOptions.DEFAULT, batch.body());
      return Attempt.accepted(batch.spans(), (int) response.getPartialSuccess().getRejectedSpans());
    } catch (StatusRuntimeException e) {
      if (isConnectFailure(e)) {
        return Attempt.failed(batch.spans(), "cannot connect: " + e.getStatus());
      }
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.RESOURCE_EXHAUSTED) {
        return Attempt.throttled(retryDelay(e), "gRPC " + e.getStatus());
      }
      return Attempt.failed(batch.spans(), "gRPC " + e.getStatus());
    } catch (RuntimeException e) {
      return Attempt.failed(batch.spans(), e.toString());
    }
  }

  /** The server's google.rpc.RetryInfo, as OTLP prescribes for throttling; null when absent. */
  static Duration retryDelay(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status == null) {
      return null;
    }
    for (com.google.protobuf.Any detail : status.getDetailsList()) {
      if (detail.is(RetryInfo.class)) {
        try {
          com.google.protobuf.Duration delay = detail.unpack(RetryInfo.class).getRetryDelay();
          return Duration.ofSeconds(delay.getSeconds(), delay.getNanos());
        } catch (InvalidProtocolBufferException ignored) {
          return null;
        }
      }
    }
    return null;
  }

  private static boolean isConnectFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnprocessedRequestException || cause instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }
}
