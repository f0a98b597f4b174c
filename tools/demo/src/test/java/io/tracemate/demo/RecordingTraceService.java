package io.tracemate.demo;

import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/** An OTLP/gRPC trace receiver that keeps every span it is sent, flattened for assertions. */
final class RecordingTraceService extends TraceServiceGrpc.TraceServiceImplBase {

  record Link(String traceId, String spanId, Map<String, Object> attributes) {}

  record Event(String name, long timeNanos, Map<String, Object> attributes) {
    Object attribute(String key) {
      return attributes.get(key);
    }
  }

  record ReceivedSpan(
      Map<String, Object> resource,
      String scope,
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      Span.SpanKind kind,
      Map<String, Object> attributes,
      List<Link> links,
      List<Event> events,
      io.opentelemetry.proto.trace.v1.Status.StatusCode status,
      long startNanos,
      long endNanos,
      long receivedAtEpochNanos) {

    String service() {
      return (String) resource.get("service.name");
    }

    Object attribute(String key) {
      return attributes.get(key);
    }

    long durationNanos() {
      return endNanos - startNanos;
    }
  }

  private final ConcurrentLinkedQueue<ReceivedSpan> spans = new ConcurrentLinkedQueue<>();

  @Override
  public void export(
      ExportTraceServiceRequest request,
      StreamObserver<ExportTraceServiceResponse> responseObserver) {
    java.time.Instant instant = java.time.Instant.now();
    long now = instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Map<String, Object> resource = attributes(resourceSpans.getResource());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) {
          spans.add(flatten(resource, scopeSpans.getScope().getName(), span, now));
        }
      }
    }
    responseObserver.onNext(ExportTraceServiceResponse.getDefaultInstance());
    responseObserver.onCompleted();
  }

  void clear() {
    spans.clear();
  }

  List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  private static ReceivedSpan flatten(
      Map<String, Object> resource, String scope, Span span, long receivedAt) {
    List<Link> links = new ArrayList<>();
    for (Span.Link link : span.getLinksList()) {
      links.add(
          new Link(
              hex(link.getTraceId().toByteArray()),
              hex(link.getSpanId().toByteArray()),
              map(link.getAttributesList())));
    }
    List<Event> events = new ArrayList<>();
    for (Span.Event event : span.getEventsList()) {
      events.add(
          new Event(event.getName(), event.getTimeUnixNano(), map(event.getAttributesList())));
    }
    return new ReceivedSpan(
        resource,
        scope,
        hex(span.getTraceId().toByteArray()),
        hex(span.getSpanId().toByteArray()),
        hex(span.getParentSpanId().toByteArray()),
        span.getName(),
        span.getKind(),
        map(span.getAttributesList()),
        links,
        events,
        span.getStatus().getCode(),
        span.getStartTimeUnixNano(),
        span.getEndTimeUnixNano(),
        receivedAt);
  }

  private static Map<String, Object> attributes(Resource resource) {
    return map(resource.getAttributesList());
  }

  private static Map<String, Object> map(List<KeyValue> keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue keyValue : keyValues) {
      map.put(keyValue.getKey(), value(keyValue.getValue()));
    }
    return map;
  }

  private static Object value(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case INT_VALUE -> value.getIntValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case BOOL_VALUE -> value.getBoolValue();
      default -> value.toString();
    };
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
