package io.tracemate.model;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** OTLP's AnyValue: one of seven shapes, closed so every consumer handles them all. */
public sealed interface AttributeValue {

  /** The value as text: strings as they are, numbers and booleans printed, bytes base64, arrays and maps as JSON. */
  String asText();

  record StringValue(String value) implements AttributeValue {
    public StringValue {
      value = value == null ? "" : value;
    }

    @Override
    public String asText() {
      return value;
    }
  }

  record BoolValue(boolean value) implements AttributeValue {
    @Override
    public String asText() {
      return Boolean.toString(value);
    }
  }

  record LongValue(long value) implements AttributeValue {
    @Override
    public String asText() {
      return Long.toString(value);
    }
  }

  record DoubleValue(double value) implements AttributeValue {
    @Override
    public String asText() {
      return Double.toString(value);
    }
  }

  /** Raw bytes; equality compares contents. */
  record BytesValue(byte[] value) implements AttributeValue {
    public BytesValue {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public String asText() {
      return Base64.getEncoder().encodeToString(value);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BytesValue other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "BytesValue[" + asText() + "]";
    }
  }

  record ArrayValue(List<AttributeValue> values) implements AttributeValue {
    public ArrayValue {
      values = List.copyOf(values);
    }

    @Override
    public String asText() {
      return JsonText.array(values);
    }
  }

  record KeyValueList(List<Attribute> values) implements AttributeValue {
    public KeyValueList {
      values = List.copyOf(values);
    }

    @Override
    public String asText() {
      return JsonText.object(values);
    }
  }

  static AttributeValue of(String value) {
    return new StringValue(value);
  }

  static AttributeValue of(long value) {
    return new LongValue(value);
  }

  static AttributeValue of(double value) {
    return new DoubleValue(value);
  }

  static AttributeValue of(boolean value) {
    return new BoolValue(value);
  }
}
