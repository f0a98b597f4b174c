package io.tracemate.alerting.notify;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The notifier's one JSON mapper: every body it sends and the silences file it keeps are written and read through
 * it. Thread-safe: configured once, never changed.
 */
public final class NotifyJson {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  /** Writes one JSON value. */
  @FunctionalInterface
  public interface Writer {
    void write(JsonGenerator out) throws IOException;
  }

  private NotifyJson() {}

  /** The document {@code writer} writes, as UTF-8. */
  public static byte[] bytes(Writer writer) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    try (JsonGenerator out = MAPPER.createGenerator(buffer, JsonEncoding.UTF8)) {
      writer.write(out);
    } catch (IOException e) {
      // Only a bug in a writer can get here: the target is memory.
      throw new UncheckedIOException("cannot write JSON", e);
    }
    return buffer.toByteArray();
  }

  /** Writes {@code map} as an object of strings. */
  public static void writeStringMap(JsonGenerator out, String field, Map<String, String> map)
      throws IOException {
    out.writeObjectFieldStart(field);
    for (Map.Entry<String, String> entry : map.entrySet()) {
      out.writeStringField(entry.getKey(), entry.getValue());
    }
    out.writeEndObject();
  }
}
