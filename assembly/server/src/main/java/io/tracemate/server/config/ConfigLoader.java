package io.tracemate.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tracemate.queue.QueueSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@link TracemateConfig} from YAML, down to every component's own block, with errors that name the file,
 * the key path ({@code pipeline.processors[1].attributes/http.actions[0].pattern}) and the line.
 */
public final class ConfigLoader {
  /** Keys that moved when each durable queue got one settings record (issue 10): where they are now. */
  private static final Map<String, String> MOVED =
      Map.of(
          "ingest.max-queued-spans", "ingest.traces.max-queued",
          "ingest.store-batch-spans", "ingest.traces.store-batch",
          "ingest.flush-interval",
              "ingest.traces.flush-interval (and ingest.logs.flush-interval for logs)",
          "ingest.wal-segment-bytes",
              "ingest.traces.wal-segment-bytes (and ingest.logs.wal-segment-bytes for logs)",
          "logs.max-queued-bytes", "ingest.logs.max-queued",
          "logs.flush-interval", "ingest.logs.flush-interval");

  private final ObjectMapper yaml;

  public ConfigLoader() {
    yaml =
        new ObjectMapper(new YAMLFactory())
            .registerModule(DurationDeserializer.module())
            .addMixIn(QueueSettings.class, QueueSettingsKeys.class)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  /** @throws IllegalArgumentException naming the file, key and line of the problem */
  public TracemateConfig load(Path file) {
    return load(file, TracemateConfig.class, TracemateConfig.DEFAULTS);
  }

  /**
   * Reads another YAML file of the configuration (the runtime overrides) with the same rules and errors.
   *
   * @param empty what an empty file means
   * @throws IllegalArgumentException naming the file, key and line of the problem
   */
  public <T> T load(Path file, Class<T> type, T empty) {
    return load(file, type, empty, null);
  }

  /**
   * As {@link #load(Path, Class, Object)}, with {@code unknownKeys} asked first about a key no record knows (the
   * runtime overrides accept the Loki keys they do not implement); null refuses every unknown key.
   */
  public <T> T load(Path file, Class<T> type, T empty, DeserializationProblemHandler unknownKeys) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config " + file + ": " + e.getMessage(), e);
    }
    try {
      if (text.isBlank()) {
        return empty;
      }
      ObjectReader reader = yaml.readerFor(type);
      if (unknownKeys != null) {
        reader = reader.withHandler(unknownKeys);
      }
      T value = reader.readValue(text);
      return value == null ? empty : value;
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      String message = conciseMessage(cause);
      List<JsonMappingException.Reference> refs = new ArrayList<>(e.getPath());
      String named = keyNamedBy(message);
      if (named != null && !(e instanceof UnrecognizedPropertyException)) {
        // A record refused a value: point at the key its message names, where the file has it.
        List<JsonMappingException.Reference> refined = new ArrayList<>(refs);
        refined.add(new JsonMappingException.Reference(null, named));
        if (lineOf(text, refined, true) > 0) {
          refs = refined;
        }
      }
      String path = describePath(refs);
      String where = path.isEmpty() ? "" : " at " + path;
      int lineNr = lineOf(text, refs, false);
      lineNr = lineNr > 0 ? lineNr : e.getLocation() == null ? -1 : e.getLocation().getLineNr();
      String line = lineNr < 1 ? "" : " (line " + lineNr + ")";
      String moved = e instanceof UnrecognizedPropertyException ? MOVED.get(path) : null;
      if (moved != null) {
        message =
            "this key moved to "
                + moved
                + " (one settings record per durable queue); see"
                + " config/tracemate.example.yaml";
      }
      throw new IllegalArgumentException("config " + file + where + line + ": " + message, e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The line where the deepest key of {@code path} that the file has is written, which is where the reader looks
   * (Jackson's own location is where the parser stood when it failed: for a record, after its last key); -1 when
   * none is found, or, with {@code whole}, when not every key is.
   */
  private int lineOf(String text, List<JsonMappingException.Reference> path, boolean whole) {
    int line = -1;
    int found = 0;
    try (JsonParser p = yaml.getFactory().createParser(text)) {
      p.nextToken();
      for (JsonMappingException.Reference ref : path) {
        if (ref.getFieldName() != null) {
          if (p.currentToken() != JsonToken.START_OBJECT || !findField(p, ref.getFieldName())) {
            break;
          }
        } else if (ref.getIndex() >= 0) {
          if (p.currentToken() != JsonToken.START_ARRAY || !findElement(p, ref.getIndex())) {
            break;
          }
        } else {
          break;
        }
        line = p.currentTokenLocation().getLineNr();
        found++;
        if (ref.getFieldName() != null) {
          p.nextToken(); // onto the value, for the next step
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return whole && found < path.size() ? -1 : line;
  }

  /** Moves from an object's start to its field {@code name}; false when it has none. */
  private static boolean findField(JsonParser p, String name) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      if (name.equals(p.currentName())) {
        return true;
      }
      p.nextToken();
      p.skipChildren();
    }
    return false;
  }

  /** Moves from an array's start to its element {@code index}; false when it is shorter. */
  private static boolean findElement(JsonParser p, int index) throws IOException {
    for (int i = 0; i <= index; i++) {
      JsonToken token = p.nextToken();
      if (token == null || token == JsonToken.END_ARRAY) {
        return false;
      }
      if (i < index) {
        p.skipChildren();
      }
    }
    return true;
  }

  /**
   * The key a record's message starts with ({@code flush-interval must be positive},
   * {@code logs.limits.max_line_size: ...}): its last dotted part, or null.
   */
  private static String keyNamedBy(String message) {
    int end = message.indexOf(' ');
    if (end <= 0) {
      return null;
    }
    String word = message.substring(0, end);
    word = word.endsWith(":") ? word.substring(0, word.length() - 1) : word;
    String key = word.substring(word.lastIndexOf('.') + 1);
    return key.matches("[a-z][a-z0-9_-]*") ? key : null;
  }

  /** {@code section.key[index].key}, as the YAML is written. */
  private static String describePath(List<JsonMappingException.Reference> refs) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String conciseMessage(Throwable t) {
    String message =
        t instanceof JsonMappingException jme ? jme.getOriginalMessage() : t.getMessage();
    if (message.startsWith("Cannot construct instance of") && message.contains("problem: ")) {
      message = message.substring(message.indexOf("problem: ") + "problem: ".length());
    }
    int known = message.indexOf(" (");
    if (message.startsWith("Unrecognized field") && known > 0) {
      return "unknown key "
          + message.substring("Unrecognized field ".length(), known)
          + "; see config/tracemate.example.yaml for every key";
    }
    return message;
  }
}
