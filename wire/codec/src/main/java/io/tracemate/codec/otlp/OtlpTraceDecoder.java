package io.tracemate.codec.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracemate.codec.RejectionSummary;
import io.tracemate.model.InstrumentationScope;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanEvent;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.SpanLink;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts OTLP trace requests into model spans. This is the ingest hot path: IDs are read straight out of the
 * protobuf byte strings, attribute lists are built once at their final size, and every span of one
 * ResourceSpans / ScopeSpans shares one {@link Resource} / {@link InstrumentationScope} instance.
 *
 * <p>Spans with unusable IDs are rejected (counted and explained) while the rest of the request is kept: a
 * trace ID that is not 16 bytes or is all zeros, a span ID that is not 8 bytes or is all zeros, or a parent
 * span ID that is neither empty nor 8 bytes (8 zero bytes count as "no parent"). A link whose IDs have the
 * wrong length cannot be represented; it is dropped and counted in the span's {@code droppedLinksCount}.
 *
 * <p>Stateless and thread-safe.
 */
public final class OtlpTraceDecoder {
  private OtlpTraceDecoder() {}

  public static DecodedSpans decode(ExportTraceServiceRequest request) {
    return decode(request.getResourceSpansList());
  }

  /**
   * Decodes a request (or {@link TracesData}: the same wire format) from its protobuf bytes, without building the
   * generated messages first (the ingest path; {@link OtlpTraceWireDecoder}). The same spans, rejections and
   * refusals as parsing the bytes and calling {@link #decode(ExportTraceServiceRequest)}.
   *
   * @throws InvalidProtocolBufferException when the bytes are not such a message
   */
  public static DecodedSpans decode(byte[] message, int offset, int length)
      throws InvalidProtocolBufferException {
    return OtlpTraceWireDecoder.decode(message, offset, length);
  }

  /** Decodes stored {@link TracesData} (same shape as a request). */
  public static DecodedSpans decode(TracesData tracesData) {
    return decode(tracesData.getResourceSpansList());
  }

  static DecodedSpans decode(List<ResourceSpans> resourceSpansList) {
    List<Span> spans = new ArrayList<>(countSpans(resourceSpansList));
    RejectionSummary rejections = new RejectionSummary("span", "spans", "rejected");
    for (ResourceSpans resourceSpans : resourceSpansList) {
      Resource resource = OtlpAttributes.toModel(resourceSpans.getResource());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        InstrumentationScope scope = OtlpAttributes.toModel(scopeSpans.getScope());
        List<io.opentelemetry.proto.trace.v1.Span> protoSpans = scopeSpans.getSpansList();
        for (int i = 0; i < protoSpans.size(); i++) {
          io.opentelemetry.proto.trace.v1.Span protoSpan = protoSpans.get(i);
          String problem = idProblem(protoSpan);
          if (problem != null) {
            int index = i;
            rejections.add(
                out ->
                    out.append("span ")
                        .append(index)
                        .append(" of scope '")
                        .append(scope.name())
                        .append("' ")
                        .append(problem));
          } else {
            spans.add(toModel(protoSpan, resource, scope));
          }
        }
      }
    }
    return new DecodedSpans(spans, rejections.count(), rejections.message());
  }

  private static int countSpans(List<ResourceSpans> resourceSpansList) {
    int count = 0;
    for (ResourceSpans resourceSpans : resourceSpansList) {
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        count += scopeSpans.getSpansCount();
      }
    }
    return count;
  }

  /** Why this span's IDs are unusable, phrased to follow "span N of scope 'x' ", or null when they are fine. */
  private static String idProblem(io.opentelemetry.proto.trace.v1.Span span) {
    ByteString traceId = span.getTraceId();
    if (traceId.size() != 16) {
      return "has a trace ID of " + traceId.size() + " bytes (want 16)";
    }
    if (readLong(traceId, 0) == 0 && readLong(traceId, 8) == 0) {
      return "has an all-zero trace ID";
    }
    ByteString spanId = span.getSpanId();
    if (spanId.size() != 8) {
      return "has a span ID of " + spanId.size() + " bytes (want 8)";
    }
    if (readLong(spanId, 0) == 0) {
      return "has an all-zero span ID";
    }
    int parentSize = span.getParentSpanId().size();
    if (parentSize != 0 && parentSize != 8) {
      return "has a parent span ID of " + parentSize + " bytes (want 8, or none for a root span)";
    }
    return null;
  }

  private static Span toModel(
      io.opentelemetry.proto.trace.v1.Span span, Resource resource, InstrumentationScope scope) {
    ByteString traceId = span.getTraceId();
    ByteString parentId = span.getParentSpanId();
    int droppedLinks = span.getDroppedLinksCount();
    List<SpanLink> links = List.of();
    int linkCount = span.getLinksCount();
    if (linkCount > 0) {
      List<SpanLink> converted = new ArrayList<>(linkCount);
      for (io.opentelemetry.proto.trace.v1.Span.Link link : span.getLinksList()) {
        SpanLink model = toModel(link);
        if (model == null) {
          droppedLinks++;
        } else {
          converted.add(model);
        }
      }
      links = List.copyOf(converted);
    }
    return new Span(
        new TraceId(readLong(traceId, 0), readLong(traceId, 8)),
        new SpanId(readLong(span.getSpanId(), 0)),
        parentId.isEmpty() ? SpanId.NONE : new SpanId(readLong(parentId, 0)),
        span.getTraceState(),
        span.getName(),
        SpanKind.fromNumber(span.getKindValue()),
        span.getStartTimeUnixNano(),
        span.getEndTimeUnixNano(),
        OtlpAttributes.toModel(span.getAttributesList()),
        span.getDroppedAttributesCount(),
        events(span.getEventsList()),
        span.getDroppedEventsCount(),
        links,
        droppedLinks,
        status(span.getStatus()),
        span.getFlags(),
        resource,
        scope);
  }

  private static List<SpanEvent> events(List<io.opentelemetry.proto.trace.v1.Span.Event> events) {
    int size = events.size();
    if (size == 0) {
      return List.of();
    }
    SpanEvent[] converted = new SpanEvent[size];
    for (int i = 0; i < size; i++) {
      io.opentelemetry.proto.trace.v1.Span.Event event = events.get(i);
      converted[i] =
          new SpanEvent(
              event.getTimeUnixNano(),
              event.getName(),
              OtlpAttributes.toModel(event.getAttributesList()),
              event.getDroppedAttributesCount());
    }
    return List.of(converted);
  }

  /** Null when the link's IDs have lengths no ID can have (8-byte trace IDs are accepted, as Zipkin's). */
  private static SpanLink toModel(io.opentelemetry.proto.trace.v1.Span.Link link) {
    ByteString traceId = link.getTraceId();
    ByteString spanId = link.getSpanId();
    TraceId modelTraceId;
    if (traceId.size() == 16) {
      modelTraceId = new TraceId(readLong(traceId, 0), readLong(traceId, 8));
    } else if (traceId.size() == 8) {
      modelTraceId = new TraceId(0, readLong(traceId, 0));
    } else {
      return null;
    }
    if (spanId.size() != 8 && !spanId.isEmpty()) {
      return null;
    }
    return new SpanLink(
        modelTraceId,
        spanId.isEmpty() ? SpanId.NONE : new SpanId(readLong(spanId, 0)),
        link.getTraceState(),
        OtlpAttributes.toModel(link.getAttributesList()),
        link.getDroppedAttributesCount(),
        link.getFlags());
  }

  private static Status status(io.opentelemetry.proto.trace.v1.Status status) {
    StatusCode code = StatusCode.fromNumber(status.getCodeValue());
    String message = status.getMessage();
    return code == StatusCode.UNSET && message.isEmpty() ? Status.UNSET : new Status(code, message);
  }

  /** Big-endian, as IDs are written on the wire. */
  private static long readLong(ByteString bytes, int offset) {
    long value = 0;
    for (int i = offset; i < offset + 8; i++) {
      value = (value << 8) | (bytes.byteAt(i) & 0xFF);
    }
    return value;
  }
}
