package io.tracemate.codec.otlp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.InstrumentationScope;
import io.tracemate.model.Resource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the OTLP messages every signal shares (KeyValue, AnyValue, Resource, InstrumentationScope) from protobuf's
 * wire format straight into the model, with protobuf's own {@link CodedInputStream} for every primitive. The
 * generated message classes build a builder, a message and often an unknown-field set per attribute before the
 * decoder copies them into the model again; on the ingest path that was a third of the bytes allocated per span.
 *
 * <p>What it reads is what the generated parser followed by {@link OtlpAttributes} yields, byte for byte the same
 * requests accepted and refused ({@code OtlpTraceWireDecoderTest} checks both on mutated requests): fields in any
 * order, a message field repeated is merged into the first, a known field number with another wire type is an
 * unknown field, unknown fields and groups are skipped, strings must be UTF-8 (also those the model does not keep),
 * and nesting deeper than the generated parser's recursion limit is refused.
 *
 * <p>One instance reads one message; not thread-safe.
 */
class OtlpWireReader {
  /** The generated parsers' default recursion limit ({@code CodedInputStream.DEFAULT_RECURSION_LIMIT}). */
  static final int MAX_DEPTH = 100;

  private static final AttributeValue EMPTY_STRING = new AttributeValue.StringValue("");

  private static final int KEY_VALUE_KEY = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int KEY_VALUE_VALUE = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int ANY_STRING = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int ANY_BOOL = tag(2, WireFormat.WIRETYPE_VARINT);
  private static final int ANY_INT = tag(3, WireFormat.WIRETYPE_VARINT);
  private static final int ANY_DOUBLE = tag(4, WireFormat.WIRETYPE_FIXED64);
  private static final int ANY_ARRAY = tag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int ANY_KVLIST = tag(6, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int ANY_BYTES = tag(7, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int ANY_STRING_INDEX = tag(8, WireFormat.WIRETYPE_VARINT);
  private static final int LIST_VALUES = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int RESOURCE_ATTRIBUTES = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int RESOURCE_DROPPED = tag(2, WireFormat.WIRETYPE_VARINT);
  private static final int RESOURCE_ENTITY_REFS = tag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int SCOPE_NAME = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int SCOPE_VERSION = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int SCOPE_ATTRIBUTES = tag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int SCOPE_DROPPED = tag(4, WireFormat.WIRETYPE_VARINT);

  final CodedInputStream in;
  private final byte[] bytes;
  private final int offset;

  OtlpWireReader(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.offset = offset;
    this.in = CodedInputStream.newInstance(bytes, offset, length);
  }

  static int tag(int field, int wireType) {
    return (field << 3) | wireType;
  }

  // --- framing
  // ------------------------------------------------------------------------------------

  /**
   * Enters a length-delimited message field at nesting {@code depth} (the top-level message is 0): the returned
   * limit goes to {@link #leave}.
   */
  final int enter(int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new InvalidProtocolBufferException(
          "Protocol message had too many levels of nesting (more than " + MAX_DEPTH + ")");
    }
    return in.pushLimit(in.readRawVarint32());
  }

  /** Leaves the message {@link #enter} entered, after its fields were read up to tag 0. */
  final void leave(int limit) throws IOException {
    in.checkLastTagWas(0);
    in.popLimit(limit);
  }

  /**
   * The next field's tag, or 0 at the end of the message; an end-group tag also ends it, as in the generated
   * parsers, for {@link #leave} to refuse.
   */
  final int nextTag() throws IOException {
    return in.readTag();
  }

  /** Skips an unknown field; false at an end-group tag, which ends the message. */
  final boolean skip(int tag) throws IOException {
    return in.skipField(tag);
  }

  /**
   * Reads a bytes field holding an ID without copying it: returns its length, and as many of its big-endian longs
   * as it has into {@code into} (at most {@code into.length}; the others keep what they held).
   */
  final int readId(long[] into) throws IOException {
    int length = in.readRawVarint32();
    int at = offset + in.getTotalBytesRead();
    in.skipRawBytes(length); // checks the length against what is left
    int longs = Math.min(into.length, length / 8);
    for (int i = 0; i < longs; i++) {
      into[i] = readLong(bytes, at + i * 8);
    }
    return length;
  }

  private static long readLong(byte[] bytes, int at) {
    long value = 0;
    for (int i = at; i < at + 8; i++) {
      value = (value << 8) | (bytes[i] & 0xFF);
    }
    return value;
  }

  /** A string field the model does not keep, still refused when it is not UTF-8 (as the generated parser does). */
  final void checkString() throws IOException {
    in.readStringRequireUtf8();
  }

  // --- common messages
  // ----------------------------------------------------------------------------

  /** Reads one KeyValue field at {@code depth} and appends it. */
  final void readKeyValue(int depth, List<Attribute> into) throws IOException {
    int limit = enter(depth);
    String key = "";
    AttributeValue value = null;
    for (int tag = nextTag(); tag != 0; tag = nextTag()) {
      if (tag == KEY_VALUE_KEY) {
        key = in.readStringRequireUtf8();
      } else if (tag == KEY_VALUE_VALUE) {
        value = readAnyValue(depth + 1, value);
      } else if (!skip(tag)) {
        break;
      }
    }
    leave(limit);
    into.add(new Attribute(key, value == null ? EMPTY_STRING : value));
  }

  /**
   * Reads one AnyValue field at {@code depth}, merged into {@code merged} (the value of an earlier occurrence of
   * the same field, or null): a oneof member set again replaces it, an array or kvlist set again appends to it.
   * Null when nothing was set at all.
   */
  private AttributeValue readAnyValue(int depth, AttributeValue merged) throws IOException {
    int limit = enter(depth);
    AttributeValue value = merged;
    for (int tag = nextTag(); tag != 0; tag = nextTag()) {
      if (tag == ANY_STRING) {
        value = new AttributeValue.StringValue(in.readStringRequireUtf8());
      } else if (tag == ANY_BOOL) {
        value = new AttributeValue.BoolValue(in.readBool());
      } else if (tag == ANY_INT) {
        value = new AttributeValue.LongValue(in.readInt64());
      } else if (tag == ANY_DOUBLE) {
        value = new AttributeValue.DoubleValue(in.readDouble());
      } else if (tag == ANY_BYTES) {
        value = new AttributeValue.BytesValue(in.readByteArray());
      } else if (tag == ANY_ARRAY) {
        List<AttributeValue> values = new ArrayList<>();
        if (value instanceof AttributeValue.ArrayValue earlier) {
          values.addAll(earlier.values());
        }
        readArray(depth + 1, values);
        value = new AttributeValue.ArrayValue(values);
      } else if (tag == ANY_KVLIST) {
        List<Attribute> values = new ArrayList<>();
        if (value instanceof AttributeValue.KeyValueList earlier) {
          values.addAll(earlier.values());
        }
        readAttributeList(depth + 1, values);
        value = new AttributeValue.KeyValueList(values);
      } else if (tag == ANY_STRING_INDEX) {
        in.readInt32(); // only meaningful inside profiles' string tables: "empty", as
        // OtlpAttributes has it
        value = EMPTY_STRING;
      } else if (!skip(tag)) {
        break;
      }
    }
    leave(limit);
    return value == null ? EMPTY_STRING : value;
  }

  private void readArray(int depth, List<AttributeValue> into) throws IOException {
    int limit = enter(depth);
    for (int tag = nextTag(); tag != 0; tag = nextTag()) {
      if (tag == LIST_VALUES) {
        into.add(readAnyValue(depth + 1, null));
      } else if (!skip(tag)) {
        break;
      }
    }
    leave(limit);
  }

  /** A KeyValueList: its values, each a KeyValue. */
  private void readAttributeList(int depth, List<Attribute> into) throws IOException {
    int limit = enter(depth);
    for (int tag = nextTag(); tag != 0; tag = nextTag()) {
      if (tag == LIST_VALUES) {
        readKeyValue(depth + 1, into);
      } else if (!skip(tag)) {
        break;
      }
    }
    leave(limit);
  }

  /** A Resource being read: every occurrence of the field merges into the same one. */
  static final class ResourceFields {
    final List<Attribute> attributes = new ArrayList<>();
    int droppedAttributesCount;

    Resource toModel() {
      return attributes.isEmpty() && droppedAttributesCount == 0
          ? Resource.EMPTY
          : new Resource(attributes, droppedAttributesCount);
    }
  }

  /** An InstrumentationScope being read: every occurrence of the field merges into the same one. */
  static final class ScopeFields {
    String name = "";
    String version = "";
    final List<Attribute> attributes = new ArrayList<>();
    int droppedAttributesCount;

    InstrumentationScope toModel() {
      return name.isEmpty()
              && version.isEmpty()
              && attributes.isEmpty()
              && droppedAttributesCount == 0
          ? InstrumentationScope.EMPTY
          : new InstrumentationScope(name, version, attributes, droppedAttributesCount);
    }
  }

  final void readResource(int depth, ResourceFields into) throws IOException {
    int limit = enter(depth);
    for (int tag = nextTag(); tag != 0; tag = nextTag()) {
      if (tag == RESOURCE_ATTRIBUTES) {
        readKeyValue(depth + 1, into.attributes);
      } else if (tag == RESOURCE_DROPPED) {
        into.droppedAttributesCount = in.readUInt32();
      } else if (tag == RESOURCE_ENTITY_REFS) {
        checkEntityRef(depth + 1);
      } else if (!skip(tag)) {
        break;
      }
    }
    leave(limit);
  }

  /** An EntityRef (not in the model): its four string fields must still be UTF-8. */
  private void checkEntityRef(int depth) throws IOException {
    int limit = enter(depth);
    for (int tag = nextTag(); tag != 0; tag = nextTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field >= 1
          && field <= 4
          && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        checkString();
      } else if (!skip(tag)) {
        break;
      }
    }
    leave(limit);
  }

  final void readScope(int depth, ScopeFields into) throws IOException {
    int limit = enter(depth);
    for (int tag = nextTag(); tag != 0; tag = nextTag()) {
      if (tag == SCOPE_NAME) {
        into.name = in.readStringRequireUtf8();
      } else if (tag == SCOPE_VERSION) {
        into.version = in.readStringRequireUtf8();
      } else if (tag == SCOPE_ATTRIBUTES) {
        readKeyValue(depth + 1, into.attributes);
      } else if (tag == SCOPE_DROPPED) {
        into.droppedAttributesCount = in.readUInt32();
      } else if (!skip(tag)) {
        break;
      }
    }
    leave(limit);
  }
}
