package io.tracemate.bench;

import io.tracemate.codec.otlp.OtlpJson;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import zipkin2.codec.SpanBytesEncoder;

/**
 * A batch encoded once, with the byte offsets of every trace ID, span ID and timestamp in it.
 * {@link #instantiate} copies the bytes and overwrites those slots with fresh IDs and current
 * times, so each send is a memory copy plus a few thousand writes instead of a full encoding: the
 * load generator stays cheap next to the server it measures.
 *
 * <p>Slots are found by searching the encoded bytes for the (random, unique) placeholder values;
 * the counts are verified so a format change cannot silently send stale IDs. Immutable and
 * thread-safe.
 */
final class BatchTemplate {

  /** How IDs and timestamps are written in the body. */
  enum Format {
    /** OTLP protobuf: IDs as raw big-endian bytes, timestamps as little-endian fixed64 nanoseconds. */
    PROTOBUF,
    /** Zipkin JSON v2: IDs as lowercase hex, timestamps as decimal microseconds. */
    JSON,
    /** OTLP/JSON: IDs as lowercase hex, timestamps as decimal nanoseconds (in strings). */
    OTLP_JSON
  }

  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private static final int TRACE = 0;
  private static final int SPAN = 1;
  private static final int TIME = 2;

  private final Format format;
  private final byte[] bytes;
  private final int spans;
  private final int traces;
  private final long latestEndEpochNanos;
  // Parallel arrays: slot kind, byte offset, owner index (trace or span), length (JSON timestamps).
  private final int[] slotKind;
  private final int[] slotOffset;
  private final int[] slotOwner;
  private final int[] slotLength;

  private BatchTemplate(
      Format format,
      byte[] bytes,
      int spans,
      int traces,
      long latestEndEpochNanos,
      List<int[]> slots) {
    this.format = format;
    this.bytes = bytes;
    this.spans = spans;
    this.traces = traces;
    this.latestEndEpochNanos = latestEndEpochNanos;
    this.slotKind = new int[slots.size()];
    this.slotOffset = new int[slots.size()];
    this.slotOwner = new int[slots.size()];
    this.slotLength = new int[slots.size()];
    for (int i = 0; i < slots.size(); i++) {
      int[] slot = slots.get(i);
      slotKind[i] = slot[0];
      slotOffset[i] = slot[1];
      slotOwner[i] = slot[2];
      slotLength[i] = slot[3];
    }
  }

  static BatchTemplate otlp(List<TemplateSpan> batch, Placeholders ids) {
    byte[] bytes = OtlpEncoding.encode(batch, ids).toByteArray();
    int traces = ids.traceHigh().length;
    Map<Long, int[]> idOwners = new HashMap<>();
    for (int t = 0; t < traces; t++) {
      idOwners.put(ids.traceHigh()[t], new int[] {TRACE, t});
    }
    for (int s = 0; s < ids.spanIds().length; s++) {
      idOwners.put(ids.spanIds()[s], new int[] {SPAN, s});
    }
    Set<Long> timestamps = timestamps(batch, ids, 1);
    List<int[]> slots = new ArrayList<>();
    for (int i = 0; i + 8 <= bytes.length; i++) {
      long bigEndian = (long) LONG_BE.get(bytes, i);
      int[] owner = idOwners.get(bigEndian);
      if (owner != null && owner[0] == TRACE) {
        if (i + 16 <= bytes.length
            && (long) LONG_BE.get(bytes, i + 8) == ids.traceLow()[owner[1]]) {
          slots.add(new int[] {TRACE, i, owner[1], 16});
          i += 15;
        }
      } else if (owner != null) {
        slots.add(new int[] {SPAN, i, owner[1], 8});
        i += 7;
      } else if (timestamps.contains(Long.reverseBytes(bigEndian))) {
        slots.add(new int[] {TIME, i, -1, 8});
        i += 7;
      }
    }
    verify(batch, slots, Format.PROTOBUF);
    return new BatchTemplate(
        Format.PROTOBUF, bytes, batch.size(), traces, latestEnd(batch, ids), slots);
  }

  static BatchTemplate zipkinJson(List<TemplateSpan> batch, Placeholders ids) {
    byte[] bytes = SpanBytesEncoder.JSON_V2.encodeList(ZipkinEncoding.encode(batch, ids));
    String json = new String(bytes, StandardCharsets.US_ASCII);
    List<int[]> slots = new ArrayList<>();
    hexSlots(json, ids, List.of("\"traceId\":\"", "\"id\":\"", "\"parentId\":\""), slots);
    decimalSlots(json, "\"timestamp\":", slots);
    verify(batch, slots, Format.JSON);
    return new BatchTemplate(
        Format.JSON, bytes, batch.size(), ids.traceHigh().length, latestEnd(batch, ids), slots);
  }

  /** The same batch as {@link #otlp}, as OTLP/JSON. */
  static BatchTemplate otlpJson(List<TemplateSpan> batch, Placeholders ids) {
    // Offsets are byte offsets: US-ASCII decodes every byte (also of UTF-8 text) to one char.
    byte[] bytes = OtlpJson.print(OtlpEncoding.encode(batch, ids)).getBytes(StandardCharsets.UTF_8);
    String json = new String(bytes, StandardCharsets.US_ASCII);
    List<int[]> slots = new ArrayList<>();
    hexSlots(json, ids, List.of("\"traceId\":\"", "\"spanId\":\"", "\"parentSpanId\":\""), slots);
    for (String field :
        List.of("\"startTimeUnixNano\":\"", "\"endTimeUnixNano\":\"", "\"timeUnixNano\":\"")) {
      decimalSlots(json, field, slots);
    }
    verify(batch, slots, Format.OTLP_JSON);
    return new BatchTemplate(
        Format.OTLP_JSON,
        bytes,
        batch.size(),
        ids.traceHigh().length,
        latestEnd(batch, ids),
        slots);
  }

  /** The slots of the hex IDs that follow each of {@code fields} in {@code json}. */
  private static void hexSlots(
      String json, Placeholders ids, List<String> fields, List<int[]> slots) {
    HexFormat hex = HexFormat.of();
    Map<String, int[]> idOwners = new HashMap<>();
    for (int t = 0; t < ids.traceHigh().length; t++) {
      idOwners.put(
          hex.toHexDigits(ids.traceHigh()[t]) + hex.toHexDigits(ids.traceLow()[t]),
          new int[] {TRACE, t});
    }
    for (int s = 0; s < ids.spanIds().length; s++) {
      idOwners.put(hex.toHexDigits(ids.spanIds()[s]), new int[] {SPAN, s});
    }
    for (String field : fields) {
      for (int at = json.indexOf(field); at >= 0; at = json.indexOf(field, at + 1)) {
        int start = at + field.length();
        int end = json.indexOf('"', start);
        int[] owner = idOwners.get(json.substring(start, end));
        if (owner == null) {
          throw new IllegalStateException(
              "unknown ID at " + start + " in the JSON template: " + json.substring(start, end));
        }
        slots.add(new int[] {owner[0], start, owner[1], end - start});
      }
    }
  }

  /** The slots of the decimal timestamps that follow {@code field} in {@code json}. */
  private static void decimalSlots(String json, String field, List<int[]> slots) {
    for (int at = json.indexOf(field); at >= 0; at = json.indexOf(field, at + 1)) {
      int start = at + field.length();
      int end = start;
      while (end < json.length() && Character.isDigit(json.charAt(end))) {
        end++;
      }
      slots.add(new int[] {TIME, start, -1, end - start});
    }
  }

  int spans() {
    return spans;
  }

  int traces() {
    return traces;
  }

  Format format() {
    return format;
  }

  /** The body with fresh IDs from {@code ids}, shifted in time so its last span ended at {@code nowEpochNanos}. */
  EncodedBatch instantiate(IdAllocator ids, long nowEpochNanos) {
    byte[] body = bytes.clone();
    long high = ids.traceHigh();
    long firstLow = ids.reserveTraces(traces);
    long[] spanIds = new long[spans];
    for (int i = 0; i < spans; i++) {
      spanIds[i] = ids.nextSpanId();
    }
    long shiftNanos = nowEpochNanos - latestEndEpochNanos;
    for (int i = 0; i < slotKind.length; i++) {
      int offset = slotOffset[i];
      switch (slotKind[i]) {
        case TRACE ->
            writeTraceId(body, offset, high, IdAllocator.traceLowBits(firstLow + slotOwner[i]));
        case SPAN -> writeId(body, offset, spanIds[slotOwner[i]]);
        default -> shiftTimestamp(body, offset, slotLength[i], shiftNanos);
      }
    }
    return new EncodedBatch(body, spans, traces, firstLow);
  }

  private void writeTraceId(byte[] body, int offset, long high, long low) {
    if (format == Format.PROTOBUF) {
      LONG_BE.set(body, offset, high);
      LONG_BE.set(body, offset + 8, low);
    } else {
      writeHex(body, offset, high);
      writeHex(body, offset + 16, low);
    }
  }

  private void writeId(byte[] body, int offset, long id) {
    if (format == Format.PROTOBUF) {
      LONG_BE.set(body, offset, id);
    } else {
      writeHex(body, offset, id);
    }
  }

  private void shiftTimestamp(byte[] body, int offset, int length, long shiftNanos) {
    if (format == Format.PROTOBUF) {
      LONG_LE.set(body, offset, (long) LONG_LE.get(body, offset) + shiftNanos);
      return;
    }
    long unitNanos = format == Format.JSON ? 1_000 : 1;
    long value = 0;
    for (int i = 0; i < length; i++) {
      value = value * 10 + (body[offset + i] - '0');
    }
    long shifted = value + shiftNanos / unitNanos;
    for (int i = length - 1; i >= 0; i--) {
      body[offset + i] = (byte) ('0' + shifted % 10);
      shifted /= 10;
    }
    if (shifted != 0) {
      throw new IllegalStateException("shifted timestamp no longer fits in " + length + " digits");
    }
  }

  private static void writeHex(byte[] body, int offset, long value) {
    for (int i = 15; i >= 0; i--) {
      body[offset + i] = HEX_DIGITS[(int) (value & 0xF)];
      value >>>= 4;
    }
  }

  private static Set<Long> timestamps(List<TemplateSpan> batch, Placeholders ids, long unit) {
    Set<Long> values = new HashSet<>();
    for (TemplateSpan span : batch) {
      values.add(ids.startNanos(span) / unit);
      values.add(ids.endNanos(span) / unit);
      if (span.failed()) {
        values.add((ids.endNanos(span) - 1_000) / unit);
      }
    }
    return values;
  }

  private static long latestEnd(List<TemplateSpan> batch, Placeholders ids) {
    return batch.stream().mapToLong(ids::endNanos).max().orElseThrow();
  }

  /** Every span must have exactly one trace ID slot, one span ID slot and its timestamps. */
  private static void verify(List<TemplateSpan> batch, List<int[]> slots, Format format) {
    long traceSlots = slots.stream().filter(s -> s[0] == TRACE).count();
    long spanSlots = slots.stream().filter(s -> s[0] == SPAN).count();
    long timeSlots = slots.stream().filter(s -> s[0] == TIME).count();
    long parents = batch.stream().filter(s -> s.parentIndex() >= 0).count();
    long failures = batch.stream().filter(TemplateSpan::failed).count();
    // OTLP stores start and end per span; Zipkin JSON stores only the start (plus a duration).
    long expectedTimes = (format == Format.JSON ? 1L : 2L) * batch.size() + failures;
    if (traceSlots != batch.size()
        || spanSlots != batch.size() + parents
        || timeSlots != expectedTimes) {
      throw new IllegalStateException(
          String.format(
              "%s template slots do not match the batch: %d trace IDs (want %d), %d span IDs (want %d), %d timestamps (want %d)",
              format,
              traceSlots,
              batch.size(),
              spanSlots,
              batch.size() + parents,
              timeSlots,
              expectedTimes));
    }
  }
}
