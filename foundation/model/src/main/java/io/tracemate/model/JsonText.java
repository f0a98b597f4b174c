package io.tracemate.model;

import java.util.List;

/**
 * Prints arrays and key-value lists as compact JSON, the way Jaeger shows OTLP map and array attributes.
 * The model module has no JSON library on purpose, and this is printing only: nothing here parses.
 */
final class JsonText {
  private JsonText() {}

  static String array(List<AttributeValue> values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      append(out, values.get(i));
    }
    return out.append(']').toString();
  }

  static String object(List<Attribute> values) {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      quote(out, values.get(i).key());
      out.append(':');
      append(out, values.get(i).value());
    }
    return out.append('}').toString();
  }

  private static void append(StringBuilder out, AttributeValue value) {
    switch (value) {
      case AttributeValue.StringValue s -> quote(out, s.value());
      case AttributeValue.BytesValue b -> quote(out, b.asText());
      case AttributeValue.DoubleValue d
          when Double.isNaN(d.value()) || Double.isInfinite(d.value()) ->
          quote(out, d.asText());
      default -> out.append(value.asText());
    }
  }

  private static void quote(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
