package io.tracemate.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The shape a client expects of a JSON answer: which fields an object has (required, optional, nothing else when
 * closed), the JSON type of every value, string formats, array element shapes. {@link #problems} lists every place
 * the answer differs, by JSON pointer, so one failing case says all that is wrong with it.
 */
abstract class JsonShape {
  /** Adds the problems of {@code node} at {@code path}. */
  abstract void check(JsonNode node, String path, List<String> problems);

  final List<String> problems(JsonNode node) {
    List<String> problems = new ArrayList<>();
    check(node, "", problems);
    return problems;
  }

  static JsonShape string() {
    return typed("a string", JsonNode::isTextual);
  }

  /** A string matching {@code regex} entirely. */
  static JsonShape string(String regex) {
    Pattern pattern = Pattern.compile(regex);
    return new JsonShape() {
      @Override
      void check(JsonNode node, String path, List<String> problems) {
        if (!node.isTextual() || !pattern.matcher(node.asText()).matches()) {
          problems.add(path + ": expected a string matching /" + regex + "/, got " + brief(node));
        }
      }
    };
  }

  /** A decimal integer in a string, as proto3 JSON prints 64-bit integers. */
  static JsonShape decimalString() {
    return string("-?\\d+");
  }

  static JsonShape integer() {
    return typed("an integer", JsonNode::isIntegralNumber);
  }

  static JsonShape nonNegativeInteger() {
    return typed("a non-negative integer", node -> node.isIntegralNumber() && node.asLong() >= 0);
  }

  static JsonShape number() {
    return typed("a number", JsonNode::isNumber);
  }

  static JsonShape bool() {
    return typed("true or false", JsonNode::isBoolean);
  }

  static JsonShape nullValue() {
    return typed("null", JsonNode::isNull);
  }

  static JsonShape any() {
    return typed("any value", node -> true);
  }

  static JsonShape oneOf(JsonShape... shapes) {
    return new JsonShape() {
      @Override
      void check(JsonNode node, String path, List<String> problems) {
        List<String> all = new ArrayList<>();
        for (JsonShape shape : shapes) {
          List<String> these = new ArrayList<>();
          shape.check(node, path, these);
          if (these.isEmpty()) {
            return;
          }
          all.addAll(these);
        }
        problems.add(path + ": matches none of the alternatives: " + all);
      }
    };
  }

  static JsonShape array(JsonShape element) {
    return array(element, 0);
  }

  /** An array of at least {@code minSize} elements, each of {@code element}'s shape. */
  static JsonShape array(JsonShape element, int minSize) {
    return new JsonShape() {
      @Override
      void check(JsonNode node, String path, List<String> problems) {
        if (!node.isArray()) {
          problems.add(path + ": expected an array, got " + brief(node));
          return;
        }
        if (node.size() < minSize) {
          problems.add(path + ": expected at least " + minSize + " elements, got " + node.size());
        }
        for (int i = 0; i < node.size(); i++) {
          element.check(node.get(i), path + "/" + i, problems);
        }
      }
    };
  }

  /**
   * An array of {@code element}'s shape whose elements are in order by the number at {@code pointer} (a JSON pointer
   * into each element), ascending or descending; ties are allowed. For answers a client shows in the order given.
   */
  static JsonShape sortedArray(JsonShape element, String pointer, boolean descending) {
    return sortedArray(element, 0, pointer, descending);
  }

  /** {@link #sortedArray(JsonShape, String, boolean)} of at least {@code minSize} elements. */
  static JsonShape sortedArray(JsonShape element, int minSize, String pointer, boolean descending) {
    JsonShape elements = array(element, minSize);
    return new JsonShape() {
      @Override
      void check(JsonNode node, String path, List<String> problems) {
        elements.check(node, path, problems);
        if (!node.isArray()) {
          return;
        }
        for (int i = 1; i < node.size(); i++) {
          double previous = node.get(i - 1).at(pointer).asDouble(Double.NaN);
          double current = node.get(i).at(pointer).asDouble(Double.NaN);
          if (descending ? current > previous : current < previous) {
            problems.add(
                path
                    + "/"
                    + i
                    + pointer
                    + ": expected "
                    + (descending ? "descending" : "ascending")
                    + " order, got "
                    + current
                    + " after "
                    + previous);
          }
        }
      }
    };
  }

  /** A fixed-length array whose elements have the given shapes, such as Loki's {@code [<seconds>, "<value>"]}. */
  static JsonShape tuple(JsonShape... elements) {
    return new JsonShape() {
      @Override
      void check(JsonNode node, String path, List<String> problems) {
        if (!node.isArray() || node.size() != elements.length) {
          problems.add(
              path + ": expected an array of " + elements.length + " elements, got " + brief(node));
          return;
        }
        for (int i = 0; i < elements.length; i++) {
          elements[i].check(node.get(i), path + "/" + i, problems);
        }
      }
    };
  }

  /** An object whose every value has {@code value}'s shape (a map, such as a label set). */
  static JsonShape map(JsonShape value) {
    return new JsonShape() {
      @Override
      void check(JsonNode node, String path, List<String> problems) {
        if (!node.isObject()) {
          problems.add(path + ": expected an object, got " + brief(node));
          return;
        }
        node.properties()
            .forEach(field -> value.check(field.getValue(), path + "/" + field.getKey(), problems));
      }
    };
  }

  static ObjectShape object() {
    return new ObjectShape();
  }

  /** An object with named fields. */
  static final class ObjectShape extends JsonShape {
    private final Map<String, JsonShape> required = new LinkedHashMap<>();
    private final Map<String, JsonShape> optional = new LinkedHashMap<>();
    private boolean closed;

    ObjectShape req(String name, JsonShape shape) {
      required.put(name, shape);
      return this;
    }

    ObjectShape opt(String name, JsonShape shape) {
      optional.put(name, shape);
      return this;
    }

    /** No fields beyond the required and optional ones. */
    ObjectShape closed() {
      closed = true;
      return this;
    }

    @Override
    void check(JsonNode node, String path, List<String> problems) {
      if (!node.isObject()) {
        problems.add(path + ": expected an object, got " + brief(node));
        return;
      }
      required.forEach(
          (name, shape) -> {
            if (!node.has(name)) {
              problems.add(path + "/" + name + ": missing");
            } else {
              shape.check(node.get(name), path + "/" + name, problems);
            }
          });
      optional.forEach(
          (name, shape) -> {
            if (node.has(name)) {
              shape.check(node.get(name), path + "/" + name, problems);
            }
          });
      if (closed) {
        node.fieldNames()
            .forEachRemaining(
                name -> {
                  if (!required.containsKey(name) && !optional.containsKey(name)) {
                    problems.add(path + "/" + name + ": not expected");
                  }
                });
      }
    }
  }

  private static JsonShape typed(String expected, java.util.function.Predicate<JsonNode> test) {
    return new JsonShape() {
      @Override
      void check(JsonNode node, String path, List<String> problems) {
        if (!test.test(node)) {
          problems.add(path + ": expected " + expected + ", got " + brief(node));
        }
      }
    };
  }

  static String brief(JsonNode node) {
    String text = String.valueOf(node);
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }
}
