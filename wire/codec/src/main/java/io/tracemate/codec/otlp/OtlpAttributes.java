package io.tracemate.codec.otlp;

import com.google.protobuf.UnsafeByteOperations;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.InstrumentationScope;
import io.tracemate.model.Resource;
import java.util.List;

/**
 * Converts OTLP common messages (KeyValue, AnyValue, Resource, InstrumentationScope) to and from the model.
 * Stateless; safe from any thread.
 */
final class OtlpAttributes {
  /** OTLP says an AnyValue with nothing set is an empty value; the model's nearest shape is "". */
  private static final AttributeValue EMPTY_STRING = new AttributeValue.StringValue("");

  private OtlpAttributes() {}

  // --- proto -> model ---------------------------------------------------------------------------

  static Resource toModel(io.opentelemetry.proto.resource.v1.Resource resource) {
    if (resource.getAttributesCount() == 0 && resource.getDroppedAttributesCount() == 0) {
      return Resource.EMPTY;
    }
    return new Resource(
        toModel(resource.getAttributesList()), resource.getDroppedAttributesCount());
  }

  static InstrumentationScope toModel(io.opentelemetry.proto.common.v1.InstrumentationScope scope) {
    if (scope.getName().isEmpty()
        && scope.getVersion().isEmpty()
        && scope.getAttributesCount() == 0
        && scope.getDroppedAttributesCount() == 0) {
      return InstrumentationScope.EMPTY;
    }
    return new InstrumentationScope(
        scope.getName(),
        scope.getVersion(),
        toModel(scope.getAttributesList()),
        scope.getDroppedAttributesCount());
  }

  /** Returns an immutable list, so the model's {@code List.copyOf} does not copy it again. */
  static List<Attribute> toModel(List<KeyValue> keyValues) {
    int size = keyValues.size();
    if (size == 0) {
      return List.of();
    }
    Attribute[] attributes = new Attribute[size];
    for (int i = 0; i < size; i++) {
      KeyValue keyValue = keyValues.get(i);
      attributes[i] = new Attribute(keyValue.getKey(), toModel(keyValue.getValue()));
    }
    return List.of(attributes);
  }

  static AttributeValue toModel(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> new AttributeValue.StringValue(value.getStringValue());
      case BOOL_VALUE -> new AttributeValue.BoolValue(value.getBoolValue());
      case INT_VALUE -> new AttributeValue.LongValue(value.getIntValue());
      case DOUBLE_VALUE -> new AttributeValue.DoubleValue(value.getDoubleValue());
      case BYTES_VALUE -> new AttributeValue.BytesValue(value.getBytesValue().toByteArray());
      case ARRAY_VALUE ->
          new AttributeValue.ArrayValue(toModelValues(value.getArrayValue().getValuesList()));
      case KVLIST_VALUE ->
          new AttributeValue.KeyValueList(toModel(value.getKvlistValue().getValuesList()));
      // string_value_strindex only has meaning inside profiles' string tables; VALUE_NOT_SET is
      // "empty".
      default -> EMPTY_STRING;
    };
  }

  private static List<AttributeValue> toModelValues(List<AnyValue> values) {
    int size = values.size();
    if (size == 0) {
      return List.of();
    }
    AttributeValue[] converted = new AttributeValue[size];
    for (int i = 0; i < size; i++) {
      converted[i] = toModel(values.get(i));
    }
    return List.of(converted);
  }

  // --- model -> proto ---------------------------------------------------------------------------

  static io.opentelemetry.proto.resource.v1.Resource toProto(Resource resource) {
    return io.opentelemetry.proto.resource.v1.Resource.newBuilder()
        .addAllAttributes(toProto(resource.attributes()))
        .setDroppedAttributesCount(resource.droppedAttributesCount())
        .build();
  }

  static io.opentelemetry.proto.common.v1.InstrumentationScope toProto(InstrumentationScope scope) {
    return io.opentelemetry.proto.common.v1.InstrumentationScope.newBuilder()
        .setName(scope.name())
        .setVersion(scope.version())
        .addAllAttributes(toProto(scope.attributes()))
        .setDroppedAttributesCount(scope.droppedAttributesCount())
        .build();
  }

  static List<KeyValue> toProto(List<Attribute> attributes) {
    int size = attributes.size();
    if (size == 0) {
      return List.of();
    }
    KeyValue[] keyValues = new KeyValue[size];
    for (int i = 0; i < size; i++) {
      Attribute attribute = attributes.get(i);
      keyValues[i] =
          KeyValue.newBuilder()
              .setKey(attribute.key())
              .setValue(toProto(attribute.value()))
              .build();
    }
    return List.of(keyValues);
  }

  static AnyValue toProto(AttributeValue value) {
    AnyValue.Builder builder = AnyValue.newBuilder();
    switch (value) {
      case AttributeValue.StringValue s -> builder.setStringValue(s.value());
      case AttributeValue.BoolValue b -> builder.setBoolValue(b.value());
      case AttributeValue.LongValue l -> builder.setIntValue(l.value());
      case AttributeValue.DoubleValue d -> builder.setDoubleValue(d.value());
      // value() already hands out a private copy, so wrapping it without another copy is safe.
      case AttributeValue.BytesValue b ->
          builder.setBytesValue(UnsafeByteOperations.unsafeWrap(b.value()));
      case AttributeValue.ArrayValue a -> {
        ArrayValue.Builder array = ArrayValue.newBuilder();
        for (AttributeValue element : a.values()) {
          array.addValues(toProto(element));
        }
        builder.setArrayValue(array);
      }
      case AttributeValue.KeyValueList kv ->
          builder.setKvlistValue(KeyValueList.newBuilder().addAllValues(toProto(kv.values())));
    }
    return builder.build();
  }
}
