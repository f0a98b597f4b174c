package io.tracemate.receivers.logs;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;

/** OTLP logs requests as the tests send them. */
public final class OtlpLogRequests {
  private OtlpLogRequests() {}

  /** One resource, named by its {@code service.name}, with one scope's records. */
  public static ExportLogsServiceRequest request(String serviceName, ScopeLogs.Builder scope) {
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue(serviceName))))
                .addScopeLogs(scope))
        .build();
  }
}
