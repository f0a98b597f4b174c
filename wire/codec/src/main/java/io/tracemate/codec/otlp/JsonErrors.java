package io.tracemate.codec.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.Map;

/**
 * Finds where in a document JsonFormat failed. JsonFormat's messages ("Not an uint64 value: ...") do not say
 * where, so on failure only (never on the success path) this re-parses ever smaller parts of the tree until
 * it finds the innermost failing field. Stateless; thread-safe.
 */
final class JsonErrors {
  private JsonErrors() {}

  /** A message of the form "path: problem". */
  static String locate(ObjectNode root, Descriptor descriptor, JsonFormat.Parser parser) {
    Located located = find(root, descriptor, parser);
    if (located == null) {
      return "the document does not match " + descriptor.getName();
    }
    return (located.path.isEmpty() ? "top level" : located.path) + ": " + located.problem;
  }

  private record Located(String path, String problem) {
    Located under(String parent) {
      return new Located(path.isEmpty() ? parent : parent + "." + path, problem);
    }
  }

  /** The innermost failure within {@code node} parsed as {@code descriptor}, or null if it parses. */
  private static Located find(ObjectNode node, Descriptor descriptor, JsonFormat.Parser parser) {
    String whole = failure(node, descriptor, parser);
    if (whole == null) {
      return null;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      FieldDescriptor field = IdFields.field(descriptor, key);
      if (field == null) {
        continue;
      }
      if (IdFields.isNestedMessage(field)) {
        Descriptor type = field.getMessageType();
        if (field.isRepeated() && value.isArray()) {
          for (int i = 0; i < value.size(); i++) {
            if (value.get(i) instanceof ObjectNode element) {
              Located inner = find(element, type, parser);
              if (inner != null) {
                return inner.under(key + "[" + i + "]");
              }
            }
          }
        } else if (!field.isRepeated() && value instanceof ObjectNode object) {
          Located inner = find(object, type, parser);
          if (inner != null) {
            return inner.under(key);
          }
        }
      }
      ObjectNode alone = JsonNodeFactory.instance.objectNode();
      alone.set(key, value);
      String problem = failure(alone, descriptor, parser);
      if (problem != null) {
        return new Located(key, problem);
      }
    }
    return new Located("", whole);
  }

  private static String failure(ObjectNode node, Descriptor descriptor, JsonFormat.Parser parser) {
    try {
      parser.merge(node.toString(), DynamicMessage.newBuilder(descriptor));
      return null;
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      String message = e.getMessage();
      return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
  }
}
