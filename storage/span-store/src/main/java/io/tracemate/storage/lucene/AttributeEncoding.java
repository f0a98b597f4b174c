package io.tracemate.storage.lucene;

import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;

/**
 * Attribute lists in the store's record format: a one-byte type tag, then the value in Lucene's variable
 * length encodings. Lossless for every {@link AttributeValue} shape (doubles keep their raw bits, so -0.0
 * and NaN payloads survive). Stateless.
 */
final class AttributeEncoding {
  private static final byte STRING = 0;
  private static final byte FALSE = 1;
  private static final byte TRUE = 2;
  private static final byte LONG = 3;
  private static final byte DOUBLE = 4;
  private static final byte BYTES = 5;
  private static final byte ARRAY = 6;
  private static final byte KEY_VALUE_LIST = 7;

  private AttributeEncoding() {}

  static void writeAttributes(DataOutput out, List<Attribute> attributes) throws IOException {
    out.writeVInt(attributes.size());
    for (Attribute attribute : attributes) {
      writeString(out, attribute.key());
      writeValue(out, attribute.value());
    }
  }

  /**
   * What {@link DataOutput#writeString} writes (vInt byte length, UTF-8), read back by
   * {@link DataInput#readString}; the JDK's encoder is several times faster on the mostly-ASCII text of spans.
   */
  static void writeString(DataOutput out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeVInt(utf8.length);
    out.writeBytes(utf8, utf8.length);
  }

  static List<Attribute> readAttributes(DataInput in) throws IOException {
    int count = in.readVInt();
    if (count == 0) {
      return List.of();
    }
    List<Attribute> attributes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      attributes.add(new Attribute(in.readString(), readValue(in)));
    }
    return attributes;
  }

  private static void writeValue(DataOutput out, AttributeValue value) throws IOException {
    switch (value) {
      case AttributeValue.StringValue s -> {
        out.writeByte(STRING);
        writeString(out, s.value());
      }
      case AttributeValue.BoolValue b -> out.writeByte(b.value() ? TRUE : FALSE);
      case AttributeValue.LongValue l -> {
        out.writeByte(LONG);
        out.writeZLong(l.value());
      }
      case AttributeValue.DoubleValue d -> {
        out.writeByte(DOUBLE);
        out.writeLong(Double.doubleToRawLongBits(d.value()));
      }
      case AttributeValue.BytesValue b -> {
        byte[] bytes = b.value();
        out.writeByte(BYTES);
        out.writeVInt(bytes.length);
        out.writeBytes(bytes, bytes.length);
      }
      case AttributeValue.ArrayValue a -> {
        out.writeByte(ARRAY);
        out.writeVInt(a.values().size());
        for (AttributeValue element : a.values()) {
          writeValue(out, element);
        }
      }
      case AttributeValue.KeyValueList kv -> {
        out.writeByte(KEY_VALUE_LIST);
        writeAttributes(out, kv.values());
      }
    }
  }

  private static AttributeValue readValue(DataInput in) throws IOException {
    byte type = in.readByte();
    return switch (type) {
      case STRING -> new AttributeValue.StringValue(in.readString());
      case FALSE -> new AttributeValue.BoolValue(false);
      case TRUE -> new AttributeValue.BoolValue(true);
      case LONG -> new AttributeValue.LongValue(in.readZLong());
      case DOUBLE -> new AttributeValue.DoubleValue(Double.longBitsToDouble(in.readLong()));
      case BYTES -> {
        byte[] bytes = new byte[in.readVInt()];
        in.readBytes(bytes, 0, bytes.length);
        yield new AttributeValue.BytesValue(bytes);
      }
      case ARRAY -> {
        int count = in.readVInt();
        List<AttributeValue> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          values.add(readValue(in));
        }
        yield new AttributeValue.ArrayValue(values);
      }
      case KEY_VALUE_LIST -> new AttributeValue.KeyValueList(readAttributes(in));
      default -> throw new IOException("corrupt span record: unknown attribute value type " + type);
    };
  }
}
