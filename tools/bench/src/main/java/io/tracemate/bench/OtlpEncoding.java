package io.tracemate.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Encodes template spans as one OTLP export request, grouped by service like a collector batch. */
final class OtlpEncoding {

  private static final InstrumentationScope SCOPE =
      InstrumentationScope.newBuilder().setName("io.tracemate.bench").setVersion("1.0").build();

  private OtlpEncoding() {}

  static ExportTraceServiceRequest encode(List<TemplateSpan> spans, Placeholders ids) {
    Map<ServiceIdentity, ScopeSpans.Builder> byService = new LinkedHashMap<>();
    for (TemplateSpan span : spans) {
      byService
          .computeIfAbsent(span.service(), s -> ScopeSpans.newBuilder().setScope(SCOPE))
          .addSpans(span(span, ids));
    }
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    byService.forEach(
        (service, scopeSpans) ->
            request.addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(resource(service))
                    .addScopeSpans(scopeSpans)));
    return request.build();
  }

  private static Span span(TemplateSpan span, Placeholders ids) {
    Span.Builder builder =
        Span.newBuilder()
            .setTraceId(
                traceId(ids.traceHigh()[span.traceIndex()], ids.traceLow()[span.traceIndex()]))
            .setSpanId(spanId(ids.spanIds()[span.spanIndex()]))
            .setName(span.name())
            .setKind(Span.SpanKind.forNumber(span.kind().ordinal()))
            .setStartTimeUnixNano(ids.startNanos(span))
            .setEndTimeUnixNano(ids.endNanos(span));
    if (span.parentIndex() >= 0) {
      builder.setParentSpanId(spanId(ids.spanIds()[span.parentIndex()]));
    }
    span.attributes().forEach((key, value) -> builder.addAttributes(keyValue(key, value)));
    if (span.failed()) {
      builder.setStatus(
          Status.newBuilder()
              .setCode(Status.StatusCode.STATUS_CODE_ERROR)
              .setMessage(span.errorMessage()));
      builder.addEvents(
          Span.Event.newBuilder()
              .setName("exception")
              .setTimeUnixNano(ids.endNanos(span) - 1_000)
              .addAttributes(keyValue("exception.type", exceptionType(span.errorMessage())))
              .addAttributes(keyValue("exception.message", span.errorMessage()))
              .addAttributes(
                  keyValue(
                      "exception.stacktrace",
                      span.errorMessage()
                          + "\n\tat io.bench.Client.call(Client.java:42)\n\tat io.bench.Handler.handle(Handler.java:17)")));
    }
    return builder.build();
  }

  private static Resource resource(ServiceIdentity service) {
    return Resource.newBuilder()
        .addAttributes(keyValue("service.name", service.name()))
        .addAttributes(keyValue("service.namespace", ServiceIdentity.NAMESPACE))
        .addAttributes(keyValue("service.version", service.version()))
        .addAttributes(keyValue("deployment.environment", "bench"))
        .addAttributes(keyValue("host.name", service.podName()))
        .addAttributes(keyValue("k8s.namespace.name", ServiceIdentity.NAMESPACE))
        .addAttributes(keyValue("k8s.pod.name", service.podName()))
        .addAttributes(keyValue("telemetry.sdk.name", "opentelemetry"))
        .addAttributes(keyValue("telemetry.sdk.language", "java"))
        .addAttributes(keyValue("telemetry.sdk.version", "1.56.0"))
        .build();
  }

  static KeyValue keyValue(String key, Object value) {
    AnyValue.Builder any = AnyValue.newBuilder();
    switch (value) {
      case String s -> any.setStringValue(s);
      case Long l -> any.setIntValue(l);
      case Double d -> any.setDoubleValue(d);
      case Boolean b -> any.setBoolValue(b);
      default ->
          throw new IllegalArgumentException(
              "unsupported attribute value " + value.getClass() + " for " + key);
    }
    return KeyValue.newBuilder().setKey(key).setValue(any).build();
  }

  static String exceptionType(String errorMessage) {
    int colon = errorMessage.indexOf(':');
    return colon > 0 && !errorMessage.substring(0, colon).contains(" ")
        ? errorMessage.substring(0, colon)
        : "java.lang.RuntimeException";
  }

  static ByteString traceId(long high, long low) {
    return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(high).putLong(low).array());
  }

  static ByteString spanId(long id) {
    return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array());
  }
}
