package io.tracemate.codec.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracemate.model.InstrumentationScope;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanEvent;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanLink;
import io.tracemate.model.TraceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts model spans back into OTLP, the inverse of {@link OtlpTraceDecoder}: decoding what this produces
 * gives spans equal to the input. Spans are grouped into one ResourceSpans per distinct resource and one
 * ScopeSpans per distinct scope within it, in first-seen order; span order within a group is kept.
 *
 * <p>A root span's parent is written as empty bytes; every other ID is written at full width (16 bytes for
 * trace IDs, also for 64-bit ones, whose high half is zero). Stateless and thread-safe.
 */
public final class OtlpTraceEncoder {
  private OtlpTraceEncoder() {}

  public static ExportTraceServiceRequest encode(List<Span> spans) {
    return ExportTraceServiceRequest.newBuilder().addAllResourceSpans(resourceSpans(spans)).build();
  }

  public static TracesData encodeTracesData(List<Span> spans) {
    return TracesData.newBuilder().addAllResourceSpans(resourceSpans(spans)).build();
  }

  private static List<ResourceSpans> resourceSpans(List<Span> spans) {
    Map<Resource, Map<InstrumentationScope, List<Span>>> groups = new LinkedHashMap<>();
    // Decoded batches share resource and scope instances, so consecutive spans usually hit this
    // shortcut and skip hashing the (possibly long) attribute lists.
    Resource lastResource = null;
    InstrumentationScope lastScope = null;
    List<Span> lastGroup = null;
    for (Span span : spans) {
      if (span.resource() != lastResource || span.scope() != lastScope) {
        lastResource = span.resource();
        lastScope = span.scope();
        lastGroup =
            groups
                .computeIfAbsent(lastResource, r -> new LinkedHashMap<>())
                .computeIfAbsent(lastScope, s -> new ArrayList<>());
      }
      lastGroup.add(span);
    }
    List<ResourceSpans> result = new ArrayList<>(groups.size());
    for (Map.Entry<Resource, Map<InstrumentationScope, List<Span>>> byResource :
        groups.entrySet()) {
      ResourceSpans.Builder resourceSpans =
          ResourceSpans.newBuilder().setResource(OtlpAttributes.toProto(byResource.getKey()));
      for (Map.Entry<InstrumentationScope, List<Span>> byScope : byResource.getValue().entrySet()) {
        ScopeSpans.Builder scopeSpans =
            resourceSpans.addScopeSpansBuilder().setScope(OtlpAttributes.toProto(byScope.getKey()));
        for (Span span : byScope.getValue()) {
          scopeSpans.addSpans(toProto(span));
        }
      }
      result.add(resourceSpans.build());
    }
    return result;
  }

  static io.opentelemetry.proto.trace.v1.Span toProto(Span span) {
    io.opentelemetry.proto.trace.v1.Span.Builder builder =
        io.opentelemetry.proto.trace.v1.Span.newBuilder()
            .setTraceId(bytes(span.traceId()))
            .setSpanId(bytes(span.spanId()))
            .setParentSpanId(
                span.parentSpanId().isValid() ? bytes(span.parentSpanId()) : ByteString.EMPTY)
            .setTraceState(span.traceState())
            .setName(span.name())
            .setKindValue(span.kind().ordinal())
            .setStartTimeUnixNano(span.startEpochNanos())
            .setEndTimeUnixNano(span.endEpochNanos())
            .addAllAttributes(OtlpAttributes.toProto(span.attributes()))
            .setDroppedAttributesCount(span.droppedAttributesCount())
            .setDroppedEventsCount(span.droppedEventsCount())
            .setDroppedLinksCount(span.droppedLinksCount())
            .setFlags(span.flags());
    for (SpanEvent event : span.events()) {
      builder
          .addEventsBuilder()
          .setTimeUnixNano(event.epochNanos())
          .setName(event.name())
          .addAllAttributes(OtlpAttributes.toProto(event.attributes()))
          .setDroppedAttributesCount(event.droppedAttributesCount());
    }
    for (SpanLink link : span.links()) {
      builder
          .addLinksBuilder()
          .setTraceId(bytes(link.traceId()))
          .setSpanId(bytes(link.spanId()))
          .setTraceState(link.traceState())
          .addAllAttributes(OtlpAttributes.toProto(link.attributes()))
          .setDroppedAttributesCount(link.droppedAttributesCount())
          .setFlags(link.flags());
    }
    if (!span.status().equals(io.tracemate.model.Status.UNSET)) {
      builder
          .getStatusBuilder()
          .setCodeValue(span.status().code().ordinal())
          .setMessage(span.status().message());
    }
    return builder.build();
  }

  // The arrays are fresh from toBytes(), so wrapping them without a copy is safe.
  private static ByteString bytes(TraceId traceId) {
    return UnsafeByteOperations.unsafeWrap(traceId.toBytes());
  }

  private static ByteString bytes(SpanId spanId) {
    return UnsafeByteOperations.unsafeWrap(spanId.toBytes());
  }
}
