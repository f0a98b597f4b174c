package io.tracemate.codec.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * OTLP AnyValue as text, as Loki's OTLP ingestion renders attribute values and bodies: strings as they are,
 * scalars in their usual decimal form, bytes as base64, arrays and maps as compact JSON. Thread-safe.
 */
final class AttributeText {
  private static final JsonFactory JSON = new JsonFactory();

  private AttributeText() {}

  static String of(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> number(value.getDoubleValue());
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> json(value);
      default -> "";
    };
  }

  /** 2.0 prints as "2", as Go's strconv does, so integral doubles do not grow a ".0". */
  private static String number(double value) {
    if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  private static String json(AnyValue value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      write(generator, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator out, AnyValue value) throws IOException {
    switch (value.getValueCase()) {
      case STRING_VALUE -> out.writeString(value.getStringValue());
      case BOOL_VALUE -> out.writeBoolean(value.getBoolValue());
      case INT_VALUE -> out.writeNumber(value.getIntValue());
      case DOUBLE_VALUE -> out.writeNumber(value.getDoubleValue());
      case BYTES_VALUE ->
          out.writeString(Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()));
      case ARRAY_VALUE -> {
        out.writeStartArray();
        for (AnyValue element : value.getArrayValue().getValuesList()) {
          write(out, element);
        }
        out.writeEndArray();
      }
      case KVLIST_VALUE -> {
        out.writeStartObject();
        for (KeyValue entry : value.getKvlistValue().getValuesList()) {
          out.writeFieldName(entry.getKey());
          write(out, entry.getValue());
        }
        out.writeEndObject();
      }
      default -> out.writeNull();
    }
  }
}
