package io.tracemate.codec.otlp;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;

/**
 * The OTLP/JSON trace messages (ResourceSpans down to Span, Event, Link and Status), read from a
 * {@link ProtoJsonCursor} positioned on a ResourceSpans value; the parts every signal shares are
 * {@link OtlpCommonJson}'s. Fields under their JSON or proto names; IDs as hex under their JSON names (under
 * their proto names they are proto3 JSON's base64, as before OTLP/JSON existed). Stateless.
 */
final class OtlpTracesJson {
  private OtlpTracesJson() {}

  static ResourceSpans resourceSpans(ProtoJsonCursor in) throws IOException {
    in.expectObject();
    ResourceSpans.Builder resourceSpans = ResourceSpans.newBuilder();
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      if (in.isNull()) {
        continue;
      }
      switch (name) {
        case "resource" -> resourceSpans.setResource(OtlpCommonJson.resource(in));
        case "scopeSpans", "scope_spans" -> {
          resourceSpans.clearScopeSpans();
          in.expectArray();
          while (in.nextElement()) {
            resourceSpans.addScopeSpans(scopeSpans(in));
          }
        }
        case "schemaUrl", "schema_url" -> resourceSpans.setSchemaUrl(in.string());
        default -> in.skip();
      }
    }
    return resourceSpans.build();
  }

  private static ScopeSpans scopeSpans(ProtoJsonCursor in) throws IOException {
    in.expectObject();
    ScopeSpans.Builder scopeSpans = ScopeSpans.newBuilder();
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      if (in.isNull()) {
        continue;
      }
      switch (name) {
        case "scope" -> scopeSpans.setScope(OtlpCommonJson.scope(in));
        case "spans" -> {
          scopeSpans.clearSpans();
          in.expectArray();
          while (in.nextElement()) {
            scopeSpans.addSpans(span(in));
          }
        }
        case "schemaUrl", "schema_url" -> scopeSpans.setSchemaUrl(in.string());
        default -> in.skip();
      }
    }
    return scopeSpans.build();
  }

  private static Span span(ProtoJsonCursor in) throws IOException {
    in.expectObject();
    Span.Builder span = Span.newBuilder();
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      if (in.isNull()) {
        continue;
      }
      switch (name) {
        case "traceId" -> span.setTraceId(in.hexId());
        case "trace_id" -> span.setTraceId(in.base64());
        case "spanId" -> span.setSpanId(in.hexId());
        case "span_id" -> span.setSpanId(in.base64());
        case "parentSpanId" -> span.setParentSpanId(in.hexId());
        case "parent_span_id" -> span.setParentSpanId(in.base64());
        case "traceState", "trace_state" -> span.setTraceState(in.string());
        case "flags" -> span.setFlags(in.uint32());
        case "name" -> span.setName(in.string());
        case "kind" -> {
          Integer kind = in.enumNumber(Span.SpanKind.getDescriptor());
          if (kind != null) {
            span.setKindValue(kind);
          }
        }
        case "startTimeUnixNano", "start_time_unix_nano" -> span.setStartTimeUnixNano(in.uint64());
        case "endTimeUnixNano", "end_time_unix_nano" -> span.setEndTimeUnixNano(in.uint64());
        case "attributes" -> {
          span.clearAttributes();
          OtlpCommonJson.keyValues(in, span::addAttributes);
        }
        case "droppedAttributesCount", "dropped_attributes_count" ->
            span.setDroppedAttributesCount(in.uint32());
        case "events" -> {
          span.clearEvents();
          in.expectArray();
          while (in.nextElement()) {
            span.addEvents(event(in));
          }
        }
        case "droppedEventsCount", "dropped_events_count" ->
            span.setDroppedEventsCount(in.uint32());
        case "links" -> {
          span.clearLinks();
          in.expectArray();
          while (in.nextElement()) {
            span.addLinks(link(in));
          }
        }
        case "droppedLinksCount", "dropped_links_count" -> span.setDroppedLinksCount(in.uint32());
        case "status" -> span.setStatus(status(in));
        default -> in.skip();
      }
    }
    return span.build();
  }

  private static Span.Event event(ProtoJsonCursor in) throws IOException {
    in.expectObject();
    Span.Event.Builder event = Span.Event.newBuilder();
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      if (in.isNull()) {
        continue;
      }
      switch (name) {
        case "timeUnixNano", "time_unix_nano" -> event.setTimeUnixNano(in.uint64());
        case "name" -> event.setName(in.string());
        case "attributes" -> {
          event.clearAttributes();
          OtlpCommonJson.keyValues(in, event::addAttributes);
        }
        case "droppedAttributesCount", "dropped_attributes_count" ->
            event.setDroppedAttributesCount(in.uint32());
        default -> in.skip();
      }
    }
    return event.build();
  }

  private static Span.Link link(ProtoJsonCursor in) throws IOException {
    in.expectObject();
    Span.Link.Builder link = Span.Link.newBuilder();
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      if (in.isNull()) {
        continue;
      }
      switch (name) {
        case "traceId" -> link.setTraceId(in.hexId());
        case "trace_id" -> link.setTraceId(in.base64());
        case "spanId" -> link.setSpanId(in.hexId());
        case "span_id" -> link.setSpanId(in.base64());
        case "traceState", "trace_state" -> link.setTraceState(in.string());
        case "attributes" -> {
          link.clearAttributes();
          OtlpCommonJson.keyValues(in, link::addAttributes);
        }
        case "droppedAttributesCount", "dropped_attributes_count" ->
            link.setDroppedAttributesCount(in.uint32());
        case "flags" -> link.setFlags(in.uint32());
        default -> in.skip();
      }
    }
    return link.build();
  }

  private static Status status(ProtoJsonCursor in) throws IOException {
    in.expectObject();
    Status.Builder status = Status.newBuilder();
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      if (in.isNull()) {
        continue;
      }
      switch (name) {
        case "message" -> status.setMessage(in.string());
        case "code" -> {
          Integer code = in.enumNumber(Status.StatusCode.getDescriptor());
          if (code != null) {
            status.setCodeValue(code);
          }
        }
        default -> in.skip();
      }
    }
    return status.build();
  }
}
