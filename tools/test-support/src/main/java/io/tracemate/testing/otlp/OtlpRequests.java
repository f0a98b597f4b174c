package io.tracemate.testing.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.ByteBuffer;

/**
 * OTLP export requests as an SDK sends them, for tests that go through the receivers: one service's resource
 * around the spans or log records a test builds. Stateless.
 */
public final class OtlpRequests {
  private OtlpRequests() {}

  /** A resource naming its service ({@code service.name}), as every SDK sets it. */
  public static Resource resource(String serviceName) {
    return Resource.newBuilder()
        .addAttributes(
            KeyValue.newBuilder()
                .setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue(serviceName)))
        .build();
  }

  /** The spans of one scope of one service. */
  public static ExportTraceServiceRequest spans(String serviceName, ScopeSpans.Builder scope) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder().setResource(resource(serviceName)).addScopeSpans(scope))
        .build();
  }

  /** One span of one service. */
  public static ExportTraceServiceRequest span(String serviceName, Span.Builder span) {
    return spans(serviceName, ScopeSpans.newBuilder().addSpans(span));
  }

  /**
   * One span named {@code op} alone in its trace, numbered {@code id}: span ID {@code id}, trace ID {@code id}
   * in both halves (its hex is {@link #traceIdHex}).
   */
  public static ExportTraceServiceRequest span(
      String serviceName, long id, long startNanos, long endNanos) {
    return span(
        serviceName,
        Span.newBuilder()
            .setTraceId(traceId(id, id))
            .setSpanId(spanId(id))
            .setName("op")
            .setStartTimeUnixNano(startNanos)
            .setEndTimeUnixNano(endNanos));
  }

  /** The log records of one scope of one service. */
  public static ExportLogsServiceRequest logs(String serviceName, ScopeLogs.Builder scope) {
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder().setResource(resource(serviceName)).addScopeLogs(scope))
        .build();
  }

  /** A 128-bit trace ID from its high and low halves. */
  public static ByteString traceId(long high, long low) {
    return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(high).putLong(low).array());
  }

  /** The lowercase hex of {@link #traceId traceId(id, id)}, as the query APIs write it. */
  public static String traceIdHex(long id) {
    return String.format("%016x%016x", id, id);
  }

  public static ByteString spanId(long id) {
    return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array());
  }
}
