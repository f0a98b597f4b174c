package io.tracemate.codec.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracemate.model.Hex;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * OTLP/JSON writes trace and span IDs as hex where proto3 JSON would use base64. This rewrites those fields in
 * a Jackson tree, guided by the protobuf descriptor, so that protobuf's JsonFormat can do everything else.
 * Immutable after class initialisation; thread-safe.
 */
final class IdFields {
  private static final Set<String> ID_JSON_NAMES = Set.of("traceId", "spanId", "parentSpanId");

  /** JSON name to field, precomputed for the messages this codec reads and writes. */
  private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS_BY_JSON_NAME =
      index(
          ExportTraceServiceRequest.getDescriptor(),
          ExportTraceServiceResponse.getDescriptor(),
          TracesData.getDescriptor(),
          io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest.getDescriptor(),
          io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse.getDescriptor());

  private IdFields() {}

  /** Hex to base64, in place, before JsonFormat parses the tree. */
  static void hexToBase64(ObjectNode node, Descriptor descriptor) throws JsonPathException {
    walk(node, descriptor, IdFields::hexToBase64);
  }

  /** Base64 to lowercase hex, in place, after JsonFormat printed the tree. */
  static void base64ToHex(ObjectNode node, Descriptor descriptor) {
    try {
      walk(node, descriptor, text -> Hex.toHex(Base64.getDecoder().decode(text)));
    } catch (JsonPathException e) {
      throw new IllegalStateException(
          "JsonFormat printed an ID field that is not base64: " + e.getMessage(), e);
    }
  }

  /** Whether any message reachable from this one has an ID field, i.e. whether printing must rewrite. */
  static boolean reachesIdField(Descriptor descriptor) {
    Deque<Descriptor> pending = new ArrayDeque<>();
    Set<Descriptor> seen = new java.util.HashSet<>();
    pending.add(descriptor);
    while (!pending.isEmpty()) {
      Descriptor current = pending.pop();
      if (!seen.add(current)) {
        continue;
      }
      for (FieldDescriptor field : current.getFields()) {
        if (isIdField(field)) {
          return true;
        }
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          pending.add(field.getMessageType());
        }
      }
    }
    return false;
  }

  /** The field a JSON key names, by its JSON (lowerCamelCase) or its proto name, as JsonFormat accepts both. */
  static FieldDescriptor field(Descriptor descriptor, String jsonKey) {
    Map<String, FieldDescriptor> indexed = FIELDS_BY_JSON_NAME.get(descriptor);
    if (indexed != null) {
      FieldDescriptor field = indexed.get(jsonKey);
      return field != null ? field : descriptor.findFieldByName(jsonKey);
    }
    for (FieldDescriptor field : descriptor.getFields()) {
      if (field.getJsonName().equals(jsonKey)) {
        return field;
      }
    }
    return descriptor.findFieldByName(jsonKey);
  }

  /** Fields whose JSON value is a message (or list of them) this rewrite can descend into. */
  static boolean isNestedMessage(FieldDescriptor field) {
    return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        && !field.isMapField()
        && !field.getMessageType().getFullName().equals(Any.getDescriptor().getFullName());
  }

  private static boolean isIdField(FieldDescriptor field) {
    return field.getType() == FieldDescriptor.Type.BYTES
        && !field.isRepeated()
        && ID_JSON_NAMES.contains(field.getJsonName());
  }

  private static void walk(ObjectNode node, Descriptor descriptor, UnaryOperator<String> convert)
      throws JsonPathException {
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String key = entry.getKey();
      FieldDescriptor field = field(descriptor, key);
      if (field == null) {
        continue;
      }
      JsonNode value = entry.getValue();
      // Only the lowerCamelCase spelling is OTLP/JSON; a snake_case ID is left to JsonFormat's
      // base64 rules.
      if (isIdField(field) && key.equals(field.getJsonName())) {
        if (value.isTextual()) {
          try {
            entry.setValue(new TextNode(convert.apply(value.textValue())));
          } catch (IllegalArgumentException e) {
            throw new JsonPathException(
                key, "'" + abbreviate(value.textValue()) + "' is not hex (" + e.getMessage() + ")");
          }
        } else if (!value.isNull()) {
          throw new JsonPathException(
              key,
              "expected a hex string, got "
                  + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
      } else if (isNestedMessage(field)) {
        Descriptor type = field.getMessageType();
        if (value.isArray()) {
          for (int i = 0; i < value.size(); i++) {
            if (value.get(i) instanceof ObjectNode element) {
              try {
                walk(element, type, convert);
              } catch (JsonPathException e) {
                throw e.under(key + "[" + i + "]");
              }
            }
          }
        } else if (value instanceof ObjectNode object) {
          try {
            walk(object, type, convert);
          } catch (JsonPathException e) {
            throw e.under(key);
          }
        }
        // Any other shape is a type error JsonFormat will report (and JsonErrors will locate).
      }
    }
  }

  private static String hexToBase64(String hex) {
    return Base64.getEncoder().encodeToString(Hex.fromHex(hex));
  }

  static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }

  private static Map<Descriptor, Map<String, FieldDescriptor>> index(Descriptor... roots) {
    Map<Descriptor, Map<String, FieldDescriptor>> index = new HashMap<>();
    Deque<Descriptor> pending = new ArrayDeque<>(java.util.List.of(roots));
    while (!pending.isEmpty()) {
      Descriptor descriptor = pending.pop();
      if (index.containsKey(descriptor)) {
        continue;
      }
      Map<String, FieldDescriptor> byName = new HashMap<>();
      for (FieldDescriptor field : descriptor.getFields()) {
        byName.put(field.getJsonName(), field);
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          pending.add(field.getMessageType());
        }
      }
      index.put(descriptor, Map.copyOf(byName));
    }
    return Map.copyOf(index);
  }

  /** A problem at a path inside the JSON document; the path grows as the exception unwinds. */
  static final class JsonPathException extends Exception {
    private final String path;
    private final String problem;

    JsonPathException(String path, String problem) {
      super(path + ": " + problem, null, false, false);
      this.path = path;
      this.problem = problem;
    }

    JsonPathException under(String parent) {
      return new JsonPathException(parent + "." + path, problem);
    }
  }
}
