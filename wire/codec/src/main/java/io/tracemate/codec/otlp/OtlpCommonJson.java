package io.tracemate.codec.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.EntityRef;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The OTLP/JSON messages every signal shares (Resource, InstrumentationScope, KeyValue, AnyValue), read from a
 * {@link ProtoJsonCursor} positioned on the message's value. Each field is accepted under its JSON name and its
 * proto name, as proto3 JSON readers do; unknown fields are skipped; {@code null} leaves a field unset; a field
 * given twice keeps the last value. Stateless.
 */
final class OtlpCommonJson {
  private OtlpCommonJson() {}

  static Resource resource(ProtoJsonCursor in) throws IOException {
    in.expectObject();
    Resource.Builder resource = Resource.newBuilder();
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      if (in.isNull()) {
        continue;
      }
      switch (name) {
        case "attributes" -> {
          resource.clearAttributes();
          keyValues(in, resource::addAttributes);
        }
        case "droppedAttributesCount", "dropped_attributes_count" ->
            resource.setDroppedAttributesCount(in.uint32());
        case "entityRefs", "entity_refs" -> {
          resource.clearEntityRefs();
          in.expectArray();
          while (in.nextElement()) {
            resource.addEntityRefs(entityRef(in));
          }
        }
        default -> in.skip();
      }
    }
    return resource.build();
  }

  static InstrumentationScope scope(ProtoJsonCursor in) throws IOException {
    in.expectObject();
    InstrumentationScope.Builder scope = InstrumentationScope.newBuilder();
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      if (in.isNull()) {
        continue;
      }
      switch (name) {
        case "name" -> scope.setName(in.string());
        case "version" -> scope.setVersion(in.string());
        case "attributes" -> {
          scope.clearAttributes();
          keyValues(in, scope::addAttributes);
        }
        case "droppedAttributesCount", "dropped_attributes_count" ->
            scope.setDroppedAttributesCount(in.uint32());
        default -> in.skip();
      }
    }
    return scope.build();
  }

  /** A repeated KeyValue field (attributes, a kvlist's values): each element to {@code add}. */
  static void keyValues(ProtoJsonCursor in, Consumer<KeyValue> add) throws IOException {
    in.expectArray();
    while (in.nextElement()) {
      add.accept(keyValue(in));
    }
  }

  static KeyValue keyValue(ProtoJsonCursor in) throws IOException {
    in.expectObject();
    KeyValue.Builder keyValue = KeyValue.newBuilder();
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      if (in.isNull()) {
        continue;
      }
      switch (name) {
        case "key" -> keyValue.setKey(in.string());
        case "value" -> keyValue.setValue(anyValue(in));
        case "keyStrindex", "key_strindex" -> keyValue.setKeyStrindex(in.int32());
        default -> in.skip();
      }
    }
    return keyValue.build();
  }

  /**
   * An AnyValue: at most one of its kinds, as its oneof allows (the same kind twice keeps the last). Arrays and
   * kvlists recurse; their depth is bounded by the parser's nesting limit.
   */
  static AnyValue anyValue(ProtoJsonCursor in) throws IOException {
    in.expectObject();
    AnyValue.Builder value = AnyValue.newBuilder();
    AnyValue.ValueCase kind = AnyValue.ValueCase.VALUE_NOT_SET;
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      if (in.isNull()) {
        continue;
      }
      AnyValue.ValueCase field = kindNamed(name);
      if (field == AnyValue.ValueCase.VALUE_NOT_SET) {
        in.skip();
        continue;
      }
      if (kind != AnyValue.ValueCase.VALUE_NOT_SET && kind != field) {
        throw in.refused(
            "an AnyValue holds one value, but " + jsonName(kind) + " is already set (oneof value)");
      }
      kind = field;
      switch (field) {
        case STRING_VALUE -> value.setStringValue(in.string());
        case BOOL_VALUE -> value.setBoolValue(in.bool());
        case INT_VALUE -> value.setIntValue(in.int64());
        case DOUBLE_VALUE -> value.setDoubleValue(in.doubleValue());
        case ARRAY_VALUE -> value.setArrayValue(arrayValue(in));
        case KVLIST_VALUE -> value.setKvlistValue(keyValueList(in));
        case BYTES_VALUE -> value.setBytesValue(in.base64());
        case STRING_VALUE_STRINDEX -> value.setStringValueStrindex(in.int32());
        case VALUE_NOT_SET -> throw new IllegalStateException("no kind to read");
      }
    }
    return value.build();
  }

  private static ArrayValue arrayValue(ProtoJsonCursor in) throws IOException {
    in.expectObject();
    ArrayValue.Builder array = ArrayValue.newBuilder();
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      if (in.isNull()) {
        continue;
      }
      if (name.equals("values")) {
        array.clearValues();
        in.expectArray();
        while (in.nextElement()) {
          array.addValues(anyValue(in));
        }
      } else {
        in.skip();
      }
    }
    return array.build();
  }

  private static KeyValueList keyValueList(ProtoJsonCursor in) throws IOException {
    in.expectObject();
    KeyValueList.Builder list = KeyValueList.newBuilder();
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      if (in.isNull()) {
        continue;
      }
      if (name.equals("values")) {
        list.clearValues();
        keyValues(in, list::addValues);
      } else {
        in.skip();
      }
    }
    return list.build();
  }

  private static EntityRef entityRef(ProtoJsonCursor in) throws IOException {
    in.expectObject();
    EntityRef.Builder ref = EntityRef.newBuilder();
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      if (in.isNull()) {
        continue;
      }
      switch (name) {
        case "schemaUrl", "schema_url" -> ref.setSchemaUrl(in.string());
        case "type" -> ref.setType(in.string());
        case "idKeys", "id_keys" -> {
          ref.clearIdKeys();
          in.expectArray();
          while (in.nextElement()) {
            ref.addIdKeys(in.string());
          }
        }
        case "descriptionKeys", "description_keys" -> {
          ref.clearDescriptionKeys();
          in.expectArray();
          while (in.nextElement()) {
            ref.addDescriptionKeys(in.string());
          }
        }
        default -> in.skip();
      }
    }
    return ref.build();
  }

  private static AnyValue.ValueCase kindNamed(String name) {
    return switch (name) {
      case "stringValue", "string_value" -> AnyValue.ValueCase.STRING_VALUE;
      case "boolValue", "bool_value" -> AnyValue.ValueCase.BOOL_VALUE;
      case "intValue", "int_value" -> AnyValue.ValueCase.INT_VALUE;
      case "doubleValue", "double_value" -> AnyValue.ValueCase.DOUBLE_VALUE;
      case "arrayValue", "array_value" -> AnyValue.ValueCase.ARRAY_VALUE;
      case "kvlistValue", "kvlist_value" -> AnyValue.ValueCase.KVLIST_VALUE;
      case "bytesValue", "bytes_value" -> AnyValue.ValueCase.BYTES_VALUE;
      case "stringValueStrindex", "string_value_strindex" ->
          AnyValue.ValueCase.STRING_VALUE_STRINDEX;
      default -> AnyValue.ValueCase.VALUE_NOT_SET;
    };
  }

  private static String jsonName(AnyValue.ValueCase kind) {
    return AnyValue.getDescriptor().findFieldByNumber(kind.getNumber()).getJsonName();
  }
}
