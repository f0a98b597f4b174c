package io.tracemate.http.jaeger;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.InstrumentationScope;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanEvent;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.SpanLink;
import io.tracemate.model.StatusCode;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trace in the Jaeger UI JSON model ({@code uimodel.Trace}), mapping OTLP fields the way Jaeger v2
 * does (collector-contrib {@code pkg/translator/jaeger}): one process per distinct resource ({@code p1},
 * {@code p2}, ... in order of first use), scope and status as tags, links as references, events as logs.
 *
 * <p>Streams straight into a {@link JsonGenerator}, so a large search result is never held as a tree.
 * Stateless and thread-safe.
 */
public final class JaegerTraceJson {
  /** Integers beyond this lose precision in JavaScript, so they are written as strings. */
  static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private static final String SERVICE_NAME = "service.name";
  private static final String REF_TYPE_ATTRIBUTE = "opentracing.ref_type";

  private JaegerTraceJson() {}

  /** Writes {@code {"traceID", "spans", "processes", "warnings"}}. */
  public static void write(JsonGenerator out, Trace trace) throws IOException {
    Processes processes = new Processes();
    String[] processIds = new String[trace.spans().size()];
    for (int i = 0; i < processIds.length; i++) {
      processIds[i] = processes.idOf(trace.spans().get(i).resource());
    }

    out.writeStartObject();
    out.writeStringField("traceID", traceIdHex(trace.traceId()));
    out.writeArrayFieldStart("spans");
    for (int i = 0; i < processIds.length; i++) {
      writeSpan(out, trace.spans().get(i), processIds[i]);
    }
    out.writeEndArray();
    out.writeObjectFieldStart("processes");
    for (int i = 0; i < processes.resources.size(); i++) {
      out.writeFieldName("p" + (i + 1));
      writeProcess(out, processes.resources.get(i));
    }
    out.writeEndObject();
    out.writeNullField("warnings");
    out.writeEndObject();
  }

  /** Jaeger's trace ID text: 16 hex characters when the high half is zero, 32 otherwise. */
  public static String traceIdHex(TraceId traceId) {
    return traceId.toJaegerHex();
  }

  static void writeSpan(JsonGenerator out, Span span, String processId) throws IOException {
    String traceId = traceIdHex(span.traceId());
    out.writeStartObject();
    out.writeStringField("traceID", traceId);
    out.writeStringField("spanID", span.spanId().toHex());
    if (span.flags() != 0) {
      out.writeNumberField("flags", Integer.toUnsignedLong(span.flags()));
    }
    out.writeStringField("operationName", span.name());
    writeReferences(out, span, traceId);
    out.writeNumberField("startTime", Math.floorDiv(span.startEpochNanos(), 1000L));
    out.writeNumberField("duration", span.durationNanos() / 1000L);
    out.writeArrayFieldStart("tags");
    writeSpanTags(out, span);
    out.writeEndArray();
    out.writeArrayFieldStart("logs");
    for (SpanEvent event : span.events()) {
      writeLog(out, event);
    }
    out.writeEndArray();
    out.writeStringField("processID", processId);
    out.writeNullField("warnings");
    out.writeEndObject();
  }

  /**
   * The parent first as CHILD_OF, then each link as FOLLOWS_FROM (CHILD_OF when the link says
   * {@code opentracing.ref_type=child_of}); a link to the parent itself only sets the parent's type.
   */
  static void writeReferences(JsonGenerator out, Span span, String traceIdHex) throws IOException {
    out.writeArrayFieldStart("references");
    SpanId parent = span.parentSpanId();
    String parentRefType = "CHILD_OF";
    List<SpanLink> otherLinks = new ArrayList<>(span.links().size());
    for (SpanLink link : span.links()) {
      if (parent.isValid()
          && link.spanId().equals(parent)
          && link.traceId().equals(span.traceId())) {
        parentRefType = refType(link);
      } else {
        otherLinks.add(link);
      }
    }
    if (parent.isValid()) {
      writeReference(out, parentRefType, traceIdHex, parent);
    }
    for (SpanLink link : otherLinks) {
      writeReference(out, refType(link), traceIdHex(link.traceId()), link.spanId());
    }
    out.writeEndArray();
  }

  private static String refType(SpanLink link) {
    AttributeValue type = Attribute.find(link.attributes(), REF_TYPE_ATTRIBUTE);
    return type != null && type.asText().equals("child_of") ? "CHILD_OF" : "FOLLOWS_FROM";
  }

  private static void writeReference(
      JsonGenerator out, String refType, String traceIdHex, SpanId spanId) throws IOException {
    out.writeStartObject();
    out.writeStringField("refType", refType);
    out.writeStringField("traceID", traceIdHex);
    out.writeStringField("spanID", spanId.toHex());
    out.writeEndObject();
  }

  /**
   * Order: otel.scope.name, otel.scope.version, span attributes, span.kind, otel.status_code, error,
   * otel.status_description, w3c.tracestate.
   */
  static void writeSpanTags(JsonGenerator out, Span span) throws IOException {
    InstrumentationScope scope = span.scope();
    if (!scope.name().isEmpty()) {
      writeStringTag(out, "otel.scope.name", scope.name());
    }
    if (!scope.version().isEmpty()) {
      writeStringTag(out, "otel.scope.version", scope.version());
    }
    for (Attribute attribute : span.attributes()) {
      writeTag(out, attribute.key(), attribute.value());
    }
    if (span.kind() != SpanKind.UNSPECIFIED) {
      writeStringTag(out, "span.kind", span.kind().jaegerName());
    }
    StatusCode code = span.status().code();
    if (code != StatusCode.UNSET) {
      writeStringTag(out, "otel.status_code", code.name());
    }
    if (code == StatusCode.ERROR) {
      out.writeStartObject();
      out.writeStringField("key", "error");
      out.writeStringField("type", "bool");
      out.writeBooleanField("value", true);
      out.writeEndObject();
    }
    if (!span.status().message().isEmpty()) {
      writeStringTag(out, "otel.status_description", span.status().message());
    }
    if (!span.traceState().isEmpty()) {
      writeStringTag(out, "w3c.tracestate", span.traceState());
    }
  }

  /** Field {@code event} carries the name unless an attribute is already called {@code event}. */
  static void writeLog(JsonGenerator out, SpanEvent event) throws IOException {
    out.writeStartObject();
    out.writeNumberField("timestamp", Math.floorDiv(event.epochNanos(), 1000L));
    out.writeArrayFieldStart("fields");
    if (!event.name().isEmpty() && Attribute.find(event.attributes(), "event") == null) {
      writeStringTag(out, "event", event.name());
    }
    for (Attribute attribute : event.attributes()) {
      writeTag(out, attribute.key(), attribute.value());
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  static void writeProcess(JsonGenerator out, Resource resource) throws IOException {
    out.writeStartObject();
    out.writeStringField("serviceName", resource.serviceName());
    out.writeArrayFieldStart("tags");
    for (Attribute attribute : resource.attributes()) {
      if (!attribute.key().equals(SERVICE_NAME)) {
        writeTag(out, attribute.key(), attribute.value());
      }
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  /** {@code {"key", "type", "value"}} with Jaeger's five value types. */
  static void writeTag(JsonGenerator out, String key, AttributeValue value) throws IOException {
    out.writeStartObject();
    out.writeStringField("key", key);
    switch (value) {
      case AttributeValue.StringValue s -> {
        out.writeStringField("type", "string");
        out.writeStringField("value", s.value());
      }
      case AttributeValue.BoolValue b -> {
        out.writeStringField("type", "bool");
        out.writeBooleanField("value", b.value());
      }
      case AttributeValue.LongValue l -> {
        out.writeStringField("type", "int64");
        if (Math.abs(l.value()) <= MAX_SAFE_INTEGER && l.value() != Long.MIN_VALUE) {
          out.writeNumberField("value", l.value());
        } else {
          out.writeStringField("value", Long.toString(l.value()));
        }
      }
      case AttributeValue.DoubleValue d -> {
        out.writeStringField("type", "float64");
        if (Double.isFinite(d.value())) {
          out.writeNumberField("value", d.value());
        } else {
          out.writeStringField("value", d.asText());
        }
      }
      case AttributeValue.BytesValue bytes -> {
        out.writeStringField("type", "binary");
        out.writeStringField("value", bytes.asText());
      }
      case AttributeValue.ArrayValue array -> {
        out.writeStringField("type", "string");
        out.writeStringField("value", array.asText());
      }
      case AttributeValue.KeyValueList map -> {
        out.writeStringField("type", "string");
        out.writeStringField("value", map.asText());
      }
    }
    out.writeEndObject();
  }

  private static void writeStringTag(JsonGenerator out, String key, String value)
      throws IOException {
    out.writeStartObject();
    out.writeStringField("key", key);
    out.writeStringField("type", "string");
    out.writeStringField("value", value);
    out.writeEndObject();
  }

  /**
   * Numbers processes by distinct resource content. Decoders share one Resource object between the spans
   * of a batch, so an identity lookup answers almost every span without hashing attribute lists.
   */
  private static final class Processes {
    final List<Resource> resources = new ArrayList<>();
    private final Map<Resource, String> byIdentity = new IdentityHashMap<>();
    private final Map<List<Attribute>, String> byContent = new HashMap<>();

    String idOf(Resource resource) {
      String id = byIdentity.get(resource);
      if (id != null) {
        return id;
      }
      id = byContent.get(resource.attributes());
      if (id == null) {
        resources.add(resource);
        id = "p" + resources.size();
        byContent.put(resource.attributes(), id);
      }
      byIdentity.put(resource, id);
      return id;
    }
  }
}
