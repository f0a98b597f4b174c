package io.tracemate.model;

import java.util.List;

/** One key-value pair of a span, event, link, resource or scope. */
public record Attribute(String key, AttributeValue value) {

  public Attribute {
    if (key == null) {
      throw new IllegalArgumentException("attribute key must not be null");
    }
    if (value == null) {
      throw new IllegalArgumentException("attribute '" + key + "' has no value");
    }
  }

  public static Attribute of(String key, String value) {
    return new Attribute(key, new AttributeValue.StringValue(value));
  }

  public static Attribute of(String key, long value) {
    return new Attribute(key, new AttributeValue.LongValue(value));
  }

  public static Attribute of(String key, double value) {
    return new Attribute(key, new AttributeValue.DoubleValue(value));
  }

  public static Attribute of(String key, boolean value) {
    return new Attribute(key, new AttributeValue.BoolValue(value));
  }

  /** The first attribute with this key, or null; attribute lists are short, so a scan beats a map. */
  public static AttributeValue find(List<Attribute> attributes, String key) {
    for (Attribute attribute : attributes) {
      if (attribute.key().equals(key)) {
        return attribute.value();
      }
    }
    return null;
  }
}
