package io.tracemate.codec.zipkin;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;

/**
 * Checks the ID fields of a proto3 {@code zipkin.proto3.ListOfSpans}: zipkin2's decoder reads an ID of any
 * length and left-pads it with zeros, so a 7-byte trace ID would be stored as an 8-byte one that no client sent.
 * {@code zipkin.proto} allows 8 or 16 bytes for {@code trace_id} and 8 for {@code id} and {@code parent_id}
 * (empty means absent). Only the three ID fields are read; everything else is skipped with protobuf's own
 * reader. Stateless.
 */
final class Proto3IdLengths {
  private static final int SPANS = 1;
  private static final int TRACE_ID = 1;
  private static final int PARENT_ID = 2;
  private static final int ID = 3;

  private Proto3IdLengths() {}

  /**
   * @throws IllegalArgumentException naming the first span (by index) whose ID has a wrong length; a body that
   *     is not protobuf at all passes, for zipkin2's decoder to explain
   */
  static void check(byte[] listOfSpans) {
    CodedInputStream in = CodedInputStream.newInstance(listOfSpans);
    try {
      int index = 0;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) != SPANS
            || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          in.skipField(tag);
          continue;
        }
        int limit = in.pushLimit(in.readRawVarint32());
        checkSpan(in, index++);
        in.popLimit(limit);
      }
    } catch (IOException e) {
      // Not protobuf: zipkin2's decoder says what is wrong in its own words.
    }
  }

  private static void checkSpan(CodedInputStream in, int index) throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED
          || (field != TRACE_ID && field != PARENT_ID && field != ID)) {
        in.skipField(tag);
        continue;
      }
      int length = in.readRawVarint32();
      in.skipRawBytes(length);
      boolean valid = length == 0 || length == 8 || (field == TRACE_ID && length == 16);
      if (!valid) {
        String name = field == TRACE_ID ? "traceId" : field == ID ? "id" : "parentId";
        throw new IllegalArgumentException(
            "span "
                + index
                + ": "
                + name
                + " has "
                + length
                + " bytes; "
                + (field == TRACE_ID ? "a trace ID has 8 or 16" : "a span ID has 8"));
      }
    }
  }
}
