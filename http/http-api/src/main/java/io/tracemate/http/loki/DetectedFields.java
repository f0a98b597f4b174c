package io.tracemate.http.loki;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tracemate.http.support.JsonBody;
import io.tracemate.logql.engine.pipeline.LabelsBuilder;
import io.tracemate.logql.engine.pipeline.Pipeline;
import io.tracemate.logql.syntax.LogQL;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fields of sampled log lines, as Loki's detected-fields API finds them ({@code pkg/querier/queryrange/
 * detected_fields.go}): a line's structured metadata (no parser), the labels the query's own parsers added, and
 * what parsing the line finds, with JSON tried first (a JSON object; nested keys joined with {@code _}, the
 * original path kept as {@code jsonPath}) and logfmt otherwise (lenient, as {@code | logfmt}). Names are those the
 * parsers give ({@code _extracted} after a stream label's name). Not thread-safe: one per request.
 */
final class DetectedFields {
  private static final Pipeline LOGFMT =
      Pipeline.compile(LogQL.parseLogQuery("{__name__=\"x\"} | logfmt").pipeline());
  private static final Set<String> ERROR_LABELS =
      Set.of(LabelsBuilder.ERROR, LabelsBuilder.ERROR_DETAILS, "__preserve_error__");

  /** What is known of one field. */
  static final class Field {
    final String name;
    final Set<String> parsers = new LinkedHashSet<>();
    final Set<String> values = new LinkedHashSet<>();
    String type;
    List<String> jsonPath = List.of();

    Field(String name) {
      this.name = name;
    }
  }

  private final int maxFields;
  private final Map<String, Field> fields = new TreeMap<>();

  /** @param maxFields fields beyond this many are not collected (Loki's {@code limit}) */
  DetectedFields(int maxFields) {
    this.maxFields = maxFields;
  }

  /** Adds what one line after the query's pipeline holds. */
  void add(NewestLines.Line line) {
    LabelSet stream = line.stream();
    LabelsBuilder result = line.result();
    LabelSet metadata =
        StreamGrouping.presentMetadata(result.toLabelSet(), line.entry().metadata());
    for (Label label : metadata.labels()) {
      record(label.name(), label.value(), null, List.of());
    }
    for (String name : result.names()) {
      if (!ERROR_LABELS.contains(name) && stream.get(name) == null && metadata.get(name) == null) {
        record(name, result.get(name), "", List.of());
      }
    }
    Map<String, String[]> parsed = new LinkedHashMap<>();
    String parser =
        parseJson(result.line(), stream, parsed) ? "json" : parseLogfmt(line, stream, parsed);
    for (Map.Entry<String, String[]> field : parsed.entrySet()) {
      String[] valueAndPath = field.getValue();
      List<String> path =
          valueAndPath.length > 1
              ? List.of(valueAndPath).subList(1, valueAndPath.length)
              : List.of();
      record(field.getKey(), valueAndPath[0], parser, path);
    }
    // Labels the query's parsers added share the parser that the line parses with (Loki attributes
    // them so too).
    for (String name : result.names()) {
      Field field = fields.get(name);
      if (field != null
          && parser != null
          && stream.get(name) == null
          && metadata.get(name) == null
          && !ERROR_LABELS.contains(name)) {
        field.parsers.add(parser);
      }
    }
  }

  /** @param parser null for structured metadata; "" for a label whose parser is not known yet */
  private void record(String name, String value, String parser, List<String> jsonPath) {
    Field field = fields.get(name);
    if (field == null) {
      if (fields.size() >= maxFields) {
        return;
      }
      field = new Field(name);
      fields.put(name, field);
    }
    if (parser != null && !parser.isEmpty()) {
      field.parsers.add(parser);
    }
    if (!jsonPath.isEmpty()) {
      field.jsonPath = jsonPath;
    }
    if (value != null && field.values.add(value)) {
      field.type = FieldTypes.widen(field.type, FieldTypes.of(value));
    }
  }

  /** Fields sorted by name. */
  List<Field> fields() {
    return List.copyOf(fields.values());
  }

  /** The values of one field, in the order first seen. */
  List<String> values(String name) {
    Field field = fields.get(name);
    return field == null ? List.of() : List.copyOf(field.values);
  }

  /** A JSON object's scalar fields (arrays and nulls skipped, as {@code | json}); false when the line is not one. */
  private static boolean parseJson(String line, LabelSet stream, Map<String, String[]> out) {
    if (line.isEmpty() || line.charAt(0) != '{') {
      return false;
    }
    Map<String, String[]> found = new LinkedHashMap<>();
    try (JsonParser parser = JsonBody.parser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      readObject(parser, "", new ArrayList<>(), stream, found);
      if (parser.nextToken() != null) {
        return false;
      }
    } catch (IOException notJson) {
      return false;
    }
    out.putAll(found);
    return true;
  }

  private static void readObject(
      JsonParser parser,
      String prefix,
      List<String> path,
      LabelSet stream,
      Map<String, String[]> out)
      throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      String sanitized = LabelsBuilder.sanitize(key);
      String name = prefix.isEmpty() ? sanitized : prefix + "_" + sanitized;
      path.add(key);
      JsonToken value = parser.nextToken();
      switch (value) {
        case START_OBJECT -> readObject(parser, name, path, stream, out);
        case START_ARRAY -> parser.skipChildren();
        case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
          if (!name.isEmpty()) {
            String label = stream.get(name) != null ? name + "_extracted" : name;
            String[] valueAndPath = new String[path.size() + 1];
            valueAndPath[0] = parser.getText();
            for (int i = 0; i < path.size(); i++) {
              valueAndPath[i + 1] = path.get(i);
            }
            out.put(label, valueAndPath);
          }
        }
        default -> {}
      }
      path.removeLast();
    }
  }

  /** Lenient logfmt, as {@code | logfmt}: it never fails, so a line that is not JSON is logfmt. */
  private static String parseLogfmt(
      NewestLines.Line line, LabelSet stream, Map<String, String[]> out) {
    LabelsBuilder parsed =
        LOGFMT.process(stream, new LogEntry(line.entry().timestampNanos(), line.result().line()));
    if (parsed == null || parsed.hasError()) {
      return null;
    }
    for (String name : parsed.names()) {
      if (!ERROR_LABELS.contains(name) && stream.get(name) == null) {
        out.put(name, new String[] {parsed.get(name)});
      }
    }
    return "logfmt";
  }
}
