package io.tracemate.server;

import com.google.protobuf.Message;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.util.function.BiFunction;

/**
 * What differs between the OTLP signals for a client that exports them ({@link RunningServer#exportOtlp}): the
 * OTLP/HTTP path, the answer's type, and the gRPC service's stub.
 *
 * @param answerType the export response's default instance
 * @param overGrpc sends a request through the signal's blocking stub to a base URI
 */
record OtlpSignal<Q extends Message, A extends Message>(
    String httpPath, A answerType, BiFunction<String, Q, A> overGrpc) {

  static final OtlpSignal<ExportTraceServiceRequest, ExportTraceServiceResponse> TRACES =
      new OtlpSignal<>(
          "/v1/traces",
          ExportTraceServiceResponse.getDefaultInstance(),
          (uri, request) ->
              GrpcClients.newClient(uri, TraceServiceGrpc.TraceServiceBlockingStub.class)
                  .export(request));

  static final OtlpSignal<ExportLogsServiceRequest, ExportLogsServiceResponse> LOGS =
      new OtlpSignal<>(
          "/v1/logs",
          ExportLogsServiceResponse.getDefaultInstance(),
          (uri, request) ->
              GrpcClients.newClient(uri, LogsServiceGrpc.LogsServiceBlockingStub.class)
                  .export(request));
}
