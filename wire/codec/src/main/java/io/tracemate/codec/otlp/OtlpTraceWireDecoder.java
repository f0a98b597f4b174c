package io.tracemate.codec.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.tracemate.codec.RejectionSummary;
import io.tracemate.model.Attribute;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes an OTLP {@code ExportTraceServiceRequest} (or {@code TracesData}: the same wire format) from its bytes
 * straight into model spans, with the rules of {@link OtlpTraceDecoder} (spans with unusable IDs counted and
 * explained, links with impossible IDs dropped and counted). See {@link OtlpWireReader} for why, and for how it
 * keeps to what the generated parser accepts.
 *
 * <p>Serializers write a message's fields in field order, so a span's resource and scope are known before its
 * fields are read and each span is built once. A resource or scope that comes after spans (valid protobuf, if
 * unusual) has those spans rebuilt with it once the enclosing message is read.
 */
final class OtlpTraceWireDecoder extends OtlpWireReader {
  private static final int LD = WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int REQUEST_RESOURCE_SPANS = tag(1, LD);
  private static final int RESOURCE_SPANS_RESOURCE = tag(1, LD);
  private static final int RESOURCE_SPANS_SCOPE_SPANS = tag(2, LD);
  private static final int RESOURCE_SPANS_SCHEMA_URL = tag(3, LD);
  private static final int SCOPE_SPANS_SCOPE = tag(1, LD);
  private static final int SCOPE_SPANS_SPANS = tag(2, LD);
  private static final int SCOPE_SPANS_SCHEMA_URL = tag(3, LD);
  private static final int SPAN_TRACE_ID = tag(1, LD);
  private static final int SPAN_SPAN_ID = tag(2, LD);
  private static final int SPAN_TRACE_STATE = tag(3, LD);
  private static final int SPAN_PARENT_ID = tag(4, LD);
  private static final int SPAN_NAME = tag(5, LD);
  private static final int SPAN_KIND = tag(6, WireFormat.WIRETYPE_VARINT);
  private static final int SPAN_START = tag(7, WireFormat.WIRETYPE_FIXED64);
  private static final int SPAN_END = tag(8, WireFormat.WIRETYPE_FIXED64);
  private static final int SPAN_ATTRIBUTES = tag(9, LD);
  private static final int SPAN_DROPPED_ATTRIBUTES = tag(10, WireFormat.WIRETYPE_VARINT);
  private static final int SPAN_EVENTS = tag(11, LD);
  private static final int SPAN_DROPPED_EVENTS = tag(12, WireFormat.WIRETYPE_VARINT);
  private static final int SPAN_LINKS = tag(13, LD);
  private static final int SPAN_DROPPED_LINKS = tag(14, WireFormat.WIRETYPE_VARINT);
  private static final int SPAN_STATUS = tag(15, LD);
  private static final int SPAN_FLAGS = tag(16, WireFormat.WIRETYPE_FIXED32);
  private static final int EVENT_TIME = tag(1, WireFormat.WIRETYPE_FIXED64);
  private static final int EVENT_NAME = tag(2, LD);
  private static final int EVENT_ATTRIBUTES = tag(3, LD);
  private static final int EVENT_DROPPED_ATTRIBUTES = tag(4, WireFormat.WIRETYPE_VARINT);
  private static final int LINK_TRACE_ID = tag(1, LD);
  private static final int LINK_SPAN_ID = tag(2, LD);
  private static final int LINK_TRACE_STATE = tag(3, LD);
  private static final int LINK_ATTRIBUTES = tag(4, LD);
  private static final int LINK_DROPPED_ATTRIBUTES = tag(5, WireFormat.WIRETYPE_VARINT);
  private static final int LINK_FLAGS = tag(6, WireFormat.WIRETYPE_FIXED32);
  private static final int STATUS_MESSAGE = tag(2, LD);
  private static final int STATUS_CODE = tag(3, WireFormat.WIRETYPE_VARINT);

  /** A span of a ScopeSpans refused for its IDs: its index there, and why. */
  private record Rejected(int index, String problem) {}

  private final List<Span> spans = new ArrayList<>();
  private final RejectionSummary rejections = new RejectionSummary("span", "spans", "rejected");
  private final long[] traceId = new long[2];
  private final long[] spanId = new long[1];
  private final long[] parentId = new long[1];

  private OtlpTraceWireDecoder(byte[] bytes, int offset, int length) {
    super(bytes, offset, length);
  }

  /**
   * @throws InvalidProtocolBufferException when the bytes are not such a message, as protobuf's parser would
   */
  static DecodedSpans decode(byte[] bytes, int offset, int length)
      throws InvalidProtocolBufferException {
    OtlpTraceWireDecoder decoder = new OtlpTraceWireDecoder(bytes, offset, length);
    try {
      decoder.readRequest();
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (
        IOException
            e) { // a byte array throws nothing else; kept as protobuf's own type for callers
      throw new InvalidProtocolBufferException(e);
    }
    return new DecodedSpans(
        decoder.spans, decoder.rejections.count(), decoder.rejections.message());
  }

  private void readRequest() throws IOException {
    for (int tag = nextTag(); tag != 0; tag = nextTag()) {
      if (tag == REQUEST_RESOURCE_SPANS) {
        readResourceSpans(1);
      } else if (!skip(tag)) {
        break;
      }
    }
    in.checkLastTagWas(0);
  }

  private void readResourceSpans(int depth) throws IOException {
    int limit = enter(depth);
    ResourceFields resourceFields = new ResourceFields();
    Resource resource = null; // built at the first span
    int firstSpan = spans.size();
    boolean resourceAfterSpans = false;
    for (int tag = nextTag(); tag != 0; tag = nextTag()) {
      if (tag == RESOURCE_SPANS_RESOURCE) {
        readResource(depth + 1, resourceFields);
        resourceAfterSpans |= resource != null;
      } else if (tag == RESOURCE_SPANS_SCOPE_SPANS) {
        if (resource == null) {
          resource = resourceFields.toModel();
        }
        readScopeSpans(depth + 1, resource);
      } else if (tag == RESOURCE_SPANS_SCHEMA_URL) {
        checkString();
      } else if (!skip(tag)) {
        break;
      }
    }
    leave(limit);
    if (resourceAfterSpans) {
      Resource last = resourceFields.toModel();
      for (int i = firstSpan; i < spans.size(); i++) {
        spans.set(i, spans.get(i).toBuilder().resource(last).build());
      }
    }
  }

  private void readScopeSpans(int depth, Resource resource) throws IOException {
    int limit = enter(depth);
    ScopeFields scopeFields = new ScopeFields();
    InstrumentationScope scope = null; // built at the first span
    int firstSpan = spans.size();
    boolean scopeAfterSpans = false;
    List<Rejected> problems = null; // named with the scope once it is known
    int index = 0;
    for (int tag = nextTag(); tag != 0; tag = nextTag()) {
      if (tag == SCOPE_SPANS_SCOPE) {
        readScope(depth + 1, scopeFields);
        scopeAfterSpans |= scope != null;
      } else if (tag == SCOPE_SPANS_SPANS) {
        if (scope == null) {
          scope = scopeFields.toModel();
        }
        String problem = readSpan(depth + 1, resource, scope);
        if (problem != null) {
          if (problems == null) {
            problems = new ArrayList<>();
          }
          problems.add(new Rejected(index, problem));
        }
        index++;
      } else if (tag == SCOPE_SPANS_SCHEMA_URL) {
        checkString();
      } else if (!skip(tag)) {
        break;
      }
    }
    leave(limit);
    String scopeName = scopeFields.name;
    if (scopeAfterSpans) {
      InstrumentationScope last = scopeFields.toModel();
      for (int i = firstSpan; i < spans.size(); i++) {
        spans.set(i, spans.get(i).toBuilder().scope(last).build());
      }
    }
    if (problems != null) {
      for (Rejected rejected : problems) {
        rejections.add(
            out ->
                out.append("span ")
                    .append(rejected.index())
                    .append(" of scope '")
                    .append(scopeName)
                    .append("' ")
                    .append(rejected.problem()));
      }
    }
  }

  /** Reads one span and keeps it; or, when its IDs are unusable, says why (as {@link OtlpTraceDecoder} does). */
  private String readSpan(int depth, Resource resource, InstrumentationScope scope)
      throws IOException {
    int limit = enter(depth);
    int traceIdLength = 0;
    int spanIdLength = 0;
    int parentIdLength = 0;
    long traceHigh = 0;
    long traceLow = 0;
    long spanIdValue = 0;
    long parentIdValue = 0;
    String traceState = "";
    String name = "";
    int kind = 0;
    long start = 0;
    long end = 0;
    List<Attribute> attributes = null;
    int droppedAttributes = 0;
    List<SpanEvent> events = null;
    int droppedEvents = 0;
    List<SpanLink> links = null;
    int droppedLinks = 0;
    String statusMessage = "";
    int statusCode = 0;
    int flags = 0;
    for (int tag = nextTag(); tag != 0; tag = nextTag()) {
      if (tag == SPAN_TRACE_ID) {
        traceIdLength = readId(traceId);
        traceHigh = traceId[0];
        traceLow = traceId[1];
      } else if (tag == SPAN_SPAN_ID) {
        spanIdLength = readId(spanId);
        spanIdValue = spanId[0];
      } else if (tag == SPAN_TRACE_STATE) {
        traceState = in.readStringRequireUtf8();
      } else if (tag == SPAN_PARENT_ID) {
        parentIdLength = readId(parentId);
        parentIdValue = parentId[0];
      } else if (tag == SPAN_NAME) {
        name = in.readStringRequireUtf8();
      } else if (tag == SPAN_KIND) {
        kind = in.readEnum();
      } else if (tag == SPAN_START) {
        start = in.readFixed64();
      } else if (tag == SPAN_END) {
        end = in.readFixed64();
      } else if (tag == SPAN_ATTRIBUTES) {
        if (attributes == null) {
          attributes = new ArrayList<>();
        }
        readKeyValue(depth + 1, attributes);
      } else if (tag == SPAN_DROPPED_ATTRIBUTES) {
        droppedAttributes = in.readUInt32();
      } else if (tag == SPAN_EVENTS) {
        if (events == null) {
          events = new ArrayList<>(2);
        }
        events.add(readEvent(depth + 1));
      } else if (tag == SPAN_DROPPED_EVENTS) {
        droppedEvents = in.readUInt32();
      } else if (tag == SPAN_LINKS) {
        if (links == null) {
          links = new ArrayList<>(2);
        }
        SpanLink link = readLink(depth + 1);
        if (link == null) {
          links.add(
              null); // dropped: counted once the span is read (dropped_links_count may come later)
        } else {
          links.add(link);
        }
      } else if (tag == SPAN_DROPPED_LINKS) {
        droppedLinks = in.readUInt32();
      } else if (tag == SPAN_STATUS) {
        int statusLimit = enter(depth + 1);
        for (int field = nextTag(); field != 0; field = nextTag()) {
          if (field == STATUS_MESSAGE) {
            statusMessage = in.readStringRequireUtf8();
          } else if (field == STATUS_CODE) {
            statusCode = in.readEnum();
          } else if (!skip(field)) {
            break;
          }
        }
        leave(statusLimit);
      } else if (tag == SPAN_FLAGS) {
        flags = in.readFixed32();
      } else if (!skip(tag)) {
        break;
      }
    }
    leave(limit);
    String problem =
        idProblem(traceIdLength, traceHigh, traceLow, spanIdLength, spanIdValue, parentIdLength);
    if (problem != null) {
      return problem;
    }
    if (links != null) {
      int before = links.size();
      links.removeIf(link -> link == null);
      droppedLinks += before - links.size();
    }
    StatusCode code = StatusCode.fromNumber(statusCode);
    spans.add(
        new Span(
            new TraceId(traceHigh, traceLow),
            new SpanId(spanIdValue),
            parentIdLength == 0 ? SpanId.NONE : new SpanId(parentIdValue),
            traceState,
            name,
            SpanKind.fromNumber(kind),
            start,
            end,
            attributes == null ? List.of() : attributes,
            droppedAttributes,
            events == null ? List.of() : events,
            droppedEvents,
            links == null ? List.of() : links,
            droppedLinks,
            code == StatusCode.UNSET && statusMessage.isEmpty()
                ? Status.UNSET
                : new Status(code, statusMessage),
            flags,
            resource,
            scope));
    return null;
  }

  private static String idProblem(
      int traceIdLength,
      long traceHigh,
      long traceLow,
      int spanIdLength,
      long spanIdValue,
      int parentIdLength) {
    if (traceIdLength != 16) {
      return "has a trace ID of " + traceIdLength + " bytes (want 16)";
    }
    if (traceHigh == 0 && traceLow == 0) {
      return "has an all-zero trace ID";
    }
    if (spanIdLength != 8) {
      return "has a span ID of " + spanIdLength + " bytes (want 8)";
    }
    if (spanIdValue == 0) {
      return "has an all-zero span ID";
    }
    if (parentIdLength != 0 && parentIdLength != 8) {
      return "has a parent span ID of "
          + parentIdLength
          + " bytes (want 8, or none for a root span)";
    }
    return null;
  }

  private SpanEvent readEvent(int depth) throws IOException {
    int limit = enter(depth);
    long time = 0;
    String name = "";
    List<Attribute> attributes = null;
    int dropped = 0;
    for (int tag = nextTag(); tag != 0; tag = nextTag()) {
      if (tag == EVENT_TIME) {
        time = in.readFixed64();
      } else if (tag == EVENT_NAME) {
        name = in.readStringRequireUtf8();
      } else if (tag == EVENT_ATTRIBUTES) {
        if (attributes == null) {
          attributes = new ArrayList<>();
        }
        readKeyValue(depth + 1, attributes);
      } else if (tag == EVENT_DROPPED_ATTRIBUTES) {
        dropped = in.readUInt32();
      } else if (!skip(tag)) {
        break;
      }
    }
    leave(limit);
    return new SpanEvent(time, name, attributes == null ? List.of() : attributes, dropped);
  }

  /** Null when the link's IDs have lengths no ID can have (8-byte trace IDs are accepted, as Zipkin's). */
  private SpanLink readLink(int depth) throws IOException {
    int limit = enter(depth);
    int traceIdLength = 0;
    int spanIdLength = 0;
    long high = 0;
    long low = 0;
    long span = 0;
    String traceState = "";
    List<Attribute> attributes = null;
    int dropped = 0;
    int flags = 0;
    for (int tag = nextTag(); tag != 0; tag = nextTag()) {
      if (tag == LINK_TRACE_ID) {
        traceIdLength = readId(traceId);
        high = traceId[0];
        low = traceId[1]; // used only when there were 16 bytes
      } else if (tag == LINK_SPAN_ID) {
        spanIdLength = readId(spanId);
        span = spanId[0];
      } else if (tag == LINK_TRACE_STATE) {
        traceState = in.readStringRequireUtf8();
      } else if (tag == LINK_ATTRIBUTES) {
        if (attributes == null) {
          attributes = new ArrayList<>();
        }
        readKeyValue(depth + 1, attributes);
      } else if (tag == LINK_DROPPED_ATTRIBUTES) {
        dropped = in.readUInt32();
      } else if (tag == LINK_FLAGS) {
        flags = in.readFixed32();
      } else if (!skip(tag)) {
        break;
      }
    }
    leave(limit);
    TraceId linked;
    if (traceIdLength == 16) {
      linked = new TraceId(high, low);
    } else if (traceIdLength == 8) {
      linked = new TraceId(0, high);
    } else {
      return null;
    }
    if (spanIdLength != 8 && spanIdLength != 0) {
      return null;
    }
    return new SpanLink(
        linked,
        spanIdLength == 0 ? SpanId.NONE : new SpanId(span),
        traceState,
        attributes == null ? List.of() : attributes,
        dropped,
        flags);
  }
}
