package io.tracemate.server.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@link TracemateConfig} from YAML, with errors that name the key and the line. */
public final class ConfigLoader {
  private final ObjectMapper yaml;

  public ConfigLoader() {
    yaml = new ObjectMapper(new YAMLFactory())
        .registerModule(DurationDeserializer.module())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  /** @throws IllegalArgumentException naming the file, key and line of the problem */
  public TracemateConfig load(Path file) {
    try {
      String text = Files.readString(file);
      if (text.isBlank()) {
        return TracemateConfig.DEFAULTS;
      }
      return yaml.readValue(text, TracemateConfig.class);
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      String where = e.getPathReference() == null ? "" : " at " + describePath(e);
      String line = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      throw new IllegalArgumentException("config " + file + where + line + ": " + conciseMessage(cause), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config " + file + ": " + e.getMessage(), e);
    }
  }

  private static String describePath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      }
    }
    return path.toString();
  }

  private static String conciseMessage(Throwable t) {
    String message = t instanceof JsonMappingException jme ? jme.getOriginalMessage() : t.getMessage();
    int known = message.indexOf(" (");
    if (message.startsWith("Unrecognized field") && known > 0) {
      return "unknown key " + message.substring("Unrecognized field ".length(), known)
          + "; see config/tracemate.example.yaml for every key";
    }
    return message;
  }
}
