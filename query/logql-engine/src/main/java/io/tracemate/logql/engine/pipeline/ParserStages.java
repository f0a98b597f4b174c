package io.tracemate.logql.engine.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tracemate.logql.engine.QueryEvaluationException;
import io.tracemate.logql.syntax.PipelineStage.LabelExtraction;
import io.tracemate.logql.syntax.PipelineStage.LogfmtParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The parser stages: json, logfmt, regexp, pattern, unpack. Each adds labels and never drops a line. */
final class ParserStages {
  static final String JSON_ERROR = "JSONParserErr";
  static final String LOGFMT_ERROR = "LogfmtParserErr";
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

  private ParserStages() {}

  /** {@code | json}: every scalar field, nested keys joined with '_', arrays and nulls skipped. */
  static Stage json() {
    return entry -> {
      try (JsonParser parser = JSON.createParser(entry.line())) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          entry.setError(JSON_ERROR, "expecting a JSON object");
          return true;
        }
        readObject(parser, "", entry);
        if (parser.nextToken() != null) {
          entry.setError(JSON_ERROR, "unexpected data after the JSON object");
        }
      } catch (IOException e) {
        entry.setError(JSON_ERROR, shortMessage(e));
      }
      return true;
    };
  }

  private static void readObject(JsonParser parser, String prefix, LabelsBuilder entry)
      throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = LabelsBuilder.sanitize(parser.currentName());
      String name = prefix.isEmpty() ? key : prefix + "_" + key;
      JsonToken value = parser.nextToken();
      switch (value) {
        case START_OBJECT -> readObject(parser, name, entry);
        case START_ARRAY -> parser.skipChildren();
        case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
          if (!name.isEmpty()) {
            entry.set(entry.extractedName(name), parser.getText());
          }
        }
        default -> {}
      }
    }
  }

  private static String shortMessage(IOException e) {
    String message =
        e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /** {@code | json a="x.y[0]", b}: only those paths; a missing path gives "". */
  static Stage jsonExtract(List<LabelExtraction> extractions) {
    List<String> labels = new ArrayList<>();
    List<List<Object>> paths = new ArrayList<>();
    for (LabelExtraction extraction : extractions) {
      labels.add(extraction.label());
      paths.add(JsonPath.parse(extraction.expression()));
    }
    return entry -> {
      String line = entry.line();
      if (line.isEmpty()) {
        return true;
      }
      JsonNode root;
      try {
        root = MAPPER.readTree(line);
      } catch (IOException e) {
        entry.setError(JSON_ERROR, shortMessage(e));
        return true;
      }
      for (int i = 0; i < labels.size(); i++) {
        JsonNode node = JsonPath.select(root, paths.get(i));
        String value;
        if (node == null || node.isNull() || node.isMissingNode()) {
          value = "";
        } else if (node.isValueNode()) {
          value = node.asText();
        } else {
          value = node.toString();
        }
        entry.set(entry.extractedName(labels.get(i)), value);
      }
      return true;
    };
  }

  /**
   * {@code | logfmt [--strict] [--keep-empty] [a="key", b]}. Without extractions every pair becomes a label,
   * empty values and standalone keys only with --keep-empty; with extractions each requested label exists ("" when
   * the key is missing), as in Loki.
   */
  static Stage logfmt(LogfmtParser spec) {
    Map<String, String> wanted = new HashMap<>();
    for (LabelExtraction extraction : spec.extractions()) {
      wanted.put(extraction.expression(), extraction.label());
    }
    boolean all = wanted.isEmpty();
    return entry -> {
      if (!all) {
        for (String label : wanted.values()) {
          if (!entry.baseHas(label)) {
            entry.set(label, "");
          }
        }
      }
      String error =
          Logfmt.decode(
              entry.line(),
              spec.strict(),
              (key, value) -> {
                String text = value == null ? "" : value;
                if (all) {
                  String name = LabelsBuilder.sanitize(key);
                  if (!name.isEmpty() && (!text.isEmpty() || spec.keepEmpty())) {
                    entry.set(entry.extractedName(name), text);
                  }
                  return;
                }
                String name = wanted.get(key);
                if (name != null) {
                  entry.set(entry.extractedName(name), text);
                }
              });
      if (error != null) {
        entry.setError(LOGFMT_ERROR, error);
      }
      return true;
    };
  }

  /** {@code | regexp "(?P<name>...)"}: named groups of the first match. */
  static Stage regexp(String regex, PipelineContext context) {
    Pattern pattern = QueryRegexes.compile(regex);
    // RE2 refuses duplicate group names itself; order the labels as the groups appear
    List<Map.Entry<String, Integer>> groups = new ArrayList<>(pattern.namedGroups().entrySet());
    groups.sort(Map.Entry.comparingByValue());
    if (groups.isEmpty()) {
      throw new QueryEvaluationException(
          "invalid regexp parser \"" + regex + "\": at least one named capture must be supplied");
    }
    String[] labels = new String[groups.size()];
    int[] indexes = new int[groups.size()];
    for (int i = 0; i < groups.size(); i++) {
      String name = groups.get(i).getKey();
      if (!LabelsBuilder.sanitize(name).equals(name) || name.isEmpty()) {
        throw new QueryEvaluationException("invalid extracted label name '" + name + "'");
      }
      labels[i] = name;
      indexes[i] = groups.get(i).getValue();
    }
    return entry -> {
      Matcher m = context.matcher(pattern, entry.line());
      if (m.find()) {
        for (int i = 0; i < labels.length; i++) {
          String value = m.group(indexes[i]);
          entry.set(entry.extractedName(labels[i]), value == null ? "" : value);
        }
      }
      return true;
    };
  }

  /** {@code | pattern "<ip> - <_> ..."}. */
  static Stage pattern(String pattern) {
    LinePattern compiled = LinePattern.compile(pattern, true);
    return entry -> {
      for (String[] capture : compiled.captures(entry.line())) {
        entry.set(entry.extractedName(capture[0]), capture[1]);
      }
      return true;
    };
  }

  /** {@code | unpack}: a packed JSON object; {@code _entry} becomes the line, other string fields labels. */
  static Stage unpack() {
    return entry -> {
      String line = entry.line();
      if (line.isEmpty()) {
        return true;
      }
      String newLine = null;
      try (JsonParser parser = JSON.createParser(line)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          entry.setError(JSON_ERROR, "expecting a JSON object");
          return true;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          JsonToken value = parser.nextToken();
          if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            parser.skipChildren();
            continue;
          }
          if (value != JsonToken.VALUE_STRING) {
            continue;
          }
          if (key.equals("_entry")) {
            newLine = parser.getText();
          } else {
            String name = LabelsBuilder.sanitize(key);
            if (!name.isEmpty()) {
              entry.set(entry.extractedName(name), parser.getText());
            }
          }
        }
      } catch (IOException e) {
        entry.setError(JSON_ERROR, shortMessage(e));
        return true;
      }
      if (newLine != null) {
        entry.setLine(newLine);
      }
      return true;
    };
  }

  /** Loki's json expression paths: {@code a.b[0]["c d"]}. */
  static final class JsonPath {
    private JsonPath() {}

    static List<Object> parse(String expression) {
      List<Object> path = new ArrayList<>();
      int i = 0;
      int n = expression.length();
      StringBuilder field = new StringBuilder();
      while (i < n) {
        char c = expression.charAt(i);
        if (c == '.') {
          flush(field, path, expression);
          i++;
        } else if (c == '[') {
          flush(field, path, expression);
          int close = expression.indexOf(']', i);
          if (close < 0) {
            throw invalid(expression);
          }
          String inner = expression.substring(i + 1, close).trim();
          if (inner.startsWith("\"") && inner.endsWith("\"") && inner.length() >= 2) {
            path.add(inner.substring(1, inner.length() - 1));
          } else {
            try {
              path.add(Integer.parseInt(inner));
            } catch (NumberFormatException e) {
              throw invalid(expression);
            }
          }
          i = close + 1;
        } else {
          field.append(c);
          i++;
        }
      }
      flush(field, path, expression);
      if (path.isEmpty()) {
        throw invalid(expression);
      }
      return path;
    }

    private static void flush(StringBuilder field, List<Object> path, String expression) {
      if (!field.isEmpty()) {
        path.add(field.toString());
        field.setLength(0);
      }
    }

    private static QueryEvaluationException invalid(String expression) {
      return new QueryEvaluationException("cannot parse json expression [" + expression + "]");
    }

    static JsonNode select(JsonNode root, List<Object> path) {
      JsonNode node = root;
      for (Object step : path) {
        if (node == null) {
          return null;
        }
        node =
            step instanceof Integer index
                ? (node.isArray() ? node.get(index) : null)
                : node.get((String) step);
      }
      return node;
    }
  }
}
