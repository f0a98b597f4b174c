package io.tracemate.alerting.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML (or JSON) document read by Jackson's parser into a small tree that remembers where each node starts, so that
 * an error in a rule names its line and column (Jackson's own tree forgets locations). Nesting is bounded by
 * Jackson's stream constraints. Immutable once read; not a general YAML model: anchors and tags are Jackson's
 * business, keys are text.
 */
final class YamlTree {
  /** Deepest nesting a rule file needs is 5 (groups, group, rules, rule, labels); a margin above it. */
  private static final int MAX_DEPTH = 32;

  private static final StreamReadConstraints CONSTRAINTS =
      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build();

  private static final YAMLFactory FACTORY =
      YAMLFactory.builder().streamReadConstraints(CONSTRAINTS).build();

  /** JSON is read by Jackson's JSON parser, whose positions and messages are JSON's rather than YAML's. */
  private static final JsonFactory JSON_FACTORY =
      JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();

  private YamlTree() {}

  /** Where a node starts: 1-based line and column. */
  record Position(int line, int column) {
    static Position of(JsonLocation location) {
      return new Position(location.getLineNr(), location.getColumnNr());
    }

    @Override
    public String toString() {
      return line + ":" + column;
    }
  }

  /** A node of the tree. */
  sealed interface Node {
    Position position();

    /** What the node is, for messages: "a mapping", "a list", "text". */
    String kind();
  }

  /** A mapping, keys in document order. */
  record MapNode(Position position, Map<String, Node> entries, Map<String, Position> keys)
      implements Node {
    @Override
    public String kind() {
      return "a mapping";
    }
  }

  /** A sequence. */
  record ListNode(Position position, List<Node> items) implements Node {
    @Override
    public String kind() {
      return "a list";
    }
  }

  /** A scalar: its text, and whether YAML typed it as null. */
  record Scalar(Position position, String text, boolean isNull) implements Node {
    @Override
    public String kind() {
      return isNull ? "null" : "a value";
    }
  }

  /** A YAML syntax error, with its position. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Position position;

    SyntaxException(String message, Position position) {
      super(message);
      this.position = position;
    }

    Position position() {
      return position;
    }
  }

  /** Reads one YAML document; null when it is empty. */
  static Node read(String text) throws SyntaxException {
    return read(text, false);
  }

  /** Reads one YAML document, or with {@code json} one JSON document; null when it is empty. */
  static Node read(String text, boolean json) throws SyntaxException {
    try (JsonParser parser = (json ? JSON_FACTORY : FACTORY).createParser(text)) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        return null;
      }
      Node root = node(parser, token);
      JsonToken next = parser.nextToken();
      if (next != null) {
        throw new SyntaxException(
            json ? "more than one JSON value" : "more than one YAML document",
            Position.of(parser.currentTokenLocation()));
      }
      return root;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      throw new SyntaxException(
          e.getOriginalMessage(), location == null ? new Position(0, 0) : Position.of(location));
    } catch (IOException e) {
      throw new SyntaxException(e.getMessage(), new Position(0, 0));
    }
  }

  private static Node node(JsonParser parser, JsonToken token) throws IOException {
    Position position = Position.of(parser.currentTokenLocation());
    return switch (token) {
      case START_OBJECT -> {
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, Position> keys = new LinkedHashMap<>();
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          Position keyPosition = Position.of(parser.currentTokenLocation());
          Node value = node(parser, parser.nextToken());
          if (entries.putIfAbsent(key, value) != null) {
            throw new com.fasterxml.jackson.core.JsonParseException(
                parser,
                "mapping key \"" + key + "\" already defined",
                parser.currentTokenLocation());
          }
          keys.put(key, keyPosition);
        }
        yield new MapNode(position, entries, keys);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
          items.add(node(parser, t));
        }
        yield new ListNode(position, items);
      }
      case VALUE_NULL -> new Scalar(position, "", true);
      default -> new Scalar(position, parser.getText(), false);
    };
  }
}
