package io.tracemate.demo;

import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/** An OTLP/gRPC logs receiver that keeps every record it is sent, flattened for assertions. */
final class RecordingLogsService extends LogsServiceGrpc.LogsServiceImplBase {

  record ReceivedLog(
      Map<String, Object> resource,
      String scope,
      long timeNanos,
      String severityText,
      int severityNumber,
      String body,
      String traceId,
      String spanId,
      Map<String, Object> attributes) {

    String service() {
      return (String) resource.get("service.name");
    }

    Object attribute(String key) {
      return attributes.get(key);
    }
  }

  private final ConcurrentLinkedQueue<ReceivedLog> logs = new ConcurrentLinkedQueue<>();

  @Override
  public void export(
      ExportLogsServiceRequest request,
      StreamObserver<ExportLogsServiceResponse> responseObserver) {
    for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
      Map<String, Object> resource = map(resourceLogs.getResource().getAttributesList());
      for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
        for (LogRecord record : scopeLogs.getLogRecordsList()) {
          logs.add(
              new ReceivedLog(
                  resource,
                  scopeLogs.getScope().getName(),
                  record.getTimeUnixNano(),
                  record.getSeverityText(),
                  record.getSeverityNumberValue(),
                  record.getBody().getStringValue(),
                  HexFormat.of().formatHex(record.getTraceId().toByteArray()),
                  HexFormat.of().formatHex(record.getSpanId().toByteArray()),
                  map(record.getAttributesList())));
        }
      }
    }
    responseObserver.onNext(ExportLogsServiceResponse.getDefaultInstance());
    responseObserver.onCompleted();
  }

  void clear() {
    logs.clear();
  }

  List<ReceivedLog> logs() {
    return List.copyOf(logs);
  }

  private static Map<String, Object> map(List<KeyValue> keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue keyValue : keyValues) {
      AnyValue value = keyValue.getValue();
      map.put(
          keyValue.getKey(),
          switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BOOL_VALUE -> value.getBoolValue();
            default -> value.toString();
          });
    }
    return map;
  }
}
