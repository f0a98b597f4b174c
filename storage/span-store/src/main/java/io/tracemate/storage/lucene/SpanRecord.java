package io.tracemate.storage.lucene;

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
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;

/**
 * The stored form of one span: everything the index does not already hold. The trace ID (the lookup key),
 * span and parent IDs, start time, duration and origin number (doc values) are left out, which removes the
 * least compressible bytes of a span; the resource and scope are a number resolved through the
 * {@link OriginDictionary}. What remains is mostly repeated text that the stored-fields compressor shrinks
 * well.
 *
 * <p>Layout: a header (presence bits, kind, status code), optional end-time correction, name, optional
 * trace state / flags / status message, attributes, optional dropped counts, events (times relative to the
 * span start) and links. Stateless.
 */
final class SpanRecord {
  private static final int EXPLICIT_END = 1 << 1;
  private static final int KIND_SHIFT = 2; // 3 bits
  private static final int STATUS_SHIFT = 5; // 2 bits
  private static final int HAS_TRACE_STATE = 1 << 7;
  private static final int HAS_STATUS_MESSAGE = 1 << 8;
  private static final int HAS_FLAGS = 1 << 9;
  private static final int HAS_DROPPED_COUNTS = 1 << 10;
  private static final int HAS_EVENTS = 1 << 11;
  private static final int HAS_LINKS = 1 << 12;

  private SpanRecord() {}

  /** Appends the record of {@code span} to {@code out}. */
  static void write(ByteBuffersDataOutput out, Span span) throws IOException {
    long start = span.startEpochNanos();
    long endDelta = span.endEpochNanos() - start; // wraps on overflow; the reader wraps back
    int header =
        (span.kind().ordinal() << KIND_SHIFT) | (span.status().code().ordinal() << STATUS_SHIFT);
    header |= endDelta != span.durationNanos() ? EXPLICIT_END : 0;
    header |= span.traceState().isEmpty() ? 0 : HAS_TRACE_STATE;
    header |= span.status().message().isEmpty() ? 0 : HAS_STATUS_MESSAGE;
    header |= span.flags() == 0 ? 0 : HAS_FLAGS;
    boolean dropped =
        (span.droppedAttributesCount() | span.droppedEventsCount() | span.droppedLinksCount()) != 0;
    header |= dropped ? HAS_DROPPED_COUNTS : 0;
    header |= span.events().isEmpty() ? 0 : HAS_EVENTS;
    header |= span.links().isEmpty() ? 0 : HAS_LINKS;

    out.writeVInt(header);
    if ((header & EXPLICIT_END) != 0) {
      out.writeZLong(endDelta);
    }
    AttributeEncoding.writeString(out, span.name());
    if ((header & HAS_TRACE_STATE) != 0) {
      AttributeEncoding.writeString(out, span.traceState());
    }
    if ((header & HAS_FLAGS) != 0) {
      out.writeVInt(span.flags());
    }
    if ((header & HAS_STATUS_MESSAGE) != 0) {
      AttributeEncoding.writeString(out, span.status().message());
    }
    AttributeEncoding.writeAttributes(out, span.attributes());
    if (dropped) {
      out.writeVInt(span.droppedAttributesCount());
      out.writeVInt(span.droppedEventsCount());
      out.writeVInt(span.droppedLinksCount());
    }
    if ((header & HAS_EVENTS) != 0) {
      writeEvents(out, span.events(), start);
    }
    if ((header & HAS_LINKS) != 0) {
      writeLinks(out, span.links());
    }
  }

  private static void writeEvents(DataOutput out, List<SpanEvent> events, long start)
      throws IOException {
    out.writeVInt(events.size());
    for (SpanEvent event : events) {
      out.writeZLong(event.epochNanos() - start);
      AttributeEncoding.writeString(out, event.name());
      AttributeEncoding.writeAttributes(out, event.attributes());
      out.writeVInt(event.droppedAttributesCount());
    }
  }

  private static void writeLinks(DataOutput out, List<SpanLink> links) throws IOException {
    out.writeVInt(links.size());
    for (SpanLink link : links) {
      out.writeLong(link.traceId().high());
      out.writeLong(link.traceId().low());
      out.writeLong(link.spanId().value());
      AttributeEncoding.writeString(out, link.traceState());
      AttributeEncoding.writeAttributes(out, link.attributes());
      out.writeVInt(link.droppedAttributesCount());
      out.writeVInt(link.flags());
    }
  }

  /**
   * Rebuilds a span from its record and the values kept in the index.
   *
   * @throws IOException when the bytes are not a record this class wrote
   */
  static Span read(byte[] bytes, int offset, int length, IndexedSpan indexed) throws IOException {
    ByteArrayDataInput in = new ByteArrayDataInput(bytes, offset, length);
    int header = in.readVInt();
    long start = indexed.startEpochNanos();
    Span.Builder span =
        Span.builder()
            .traceId(indexed.traceId())
            .spanId(indexed.spanId())
            .parentSpanId(indexed.parentSpanId())
            .kind(SpanKind.fromNumber((header >>> KIND_SHIFT) & 7))
            .startEpochNanos(start)
            .resource(indexed.origin().resource())
            .scope(indexed.origin().scope());
    long duration = indexed.durationNanos();
    span.endEpochNanos(start + ((header & EXPLICIT_END) != 0 ? in.readZLong() : duration));
    span.name(in.readString());
    if ((header & HAS_TRACE_STATE) != 0) {
      span.traceState(in.readString());
    }
    if ((header & HAS_FLAGS) != 0) {
      span.flags(in.readVInt());
    }
    String statusMessage = (header & HAS_STATUS_MESSAGE) != 0 ? in.readString() : "";
    span.status(new Status(StatusCode.fromNumber((header >>> STATUS_SHIFT) & 3), statusMessage));
    span.attributes(AttributeEncoding.readAttributes(in));
    if ((header & HAS_DROPPED_COUNTS) != 0) {
      span.droppedAttributesCount(in.readVInt());
      span.droppedEventsCount(in.readVInt());
      span.droppedLinksCount(in.readVInt());
    }
    if ((header & HAS_EVENTS) != 0) {
      span.events(readEvents(in, start));
    }
    if ((header & HAS_LINKS) != 0) {
      span.links(readLinks(in));
    }
    if (in.getPosition() != offset + length) {
      throw new IOException(
          "corrupt span record: " + (offset + length - in.getPosition()) + " bytes left over");
    }
    return span.build();
  }

  /**
   * Only the span's name, which comes right after the header: for a summary, which needs nothing else of the
   * record.
   *
   * @throws IOException when the bytes are not a record this class wrote
   */
  static String readName(byte[] bytes, int offset, int length) throws IOException {
    try {
      ByteArrayDataInput in = new ByteArrayDataInput(bytes, offset, length);
      int header = in.readVInt();
      if ((header & EXPLICIT_END) != 0) {
        in.readZLong();
      }
      return in.readString();
    } catch (RuntimeException e) {
      throw new IOException("corrupt span record: " + e.getMessage(), e);
    }
  }

  /** The parts of a span kept in the index rather than in its record. */
  record IndexedSpan(
      TraceId traceId,
      SpanId spanId,
      SpanId parentSpanId,
      long startEpochNanos,
      long durationNanos,
      OriginDictionary.Origin origin) {}

  private static List<SpanEvent> readEvents(DataInput in, long start) throws IOException {
    int count = in.readVInt();
    List<SpanEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long epochNanos = start + in.readZLong();
      String name = in.readString();
      events.add(
          new SpanEvent(epochNanos, name, AttributeEncoding.readAttributes(in), in.readVInt()));
    }
    return events;
  }

  private static List<SpanLink> readLinks(DataInput in) throws IOException {
    int count = in.readVInt();
    List<SpanLink> links = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      TraceId traceId = new TraceId(in.readLong(), in.readLong());
      SpanId spanId = new SpanId(in.readLong());
      String traceState = in.readString();
      links.add(
          new SpanLink(
              traceId,
              spanId,
              traceState,
              AttributeEncoding.readAttributes(in),
              in.readVInt(),
              in.readVInt()));
    }
    return links;
  }
}
