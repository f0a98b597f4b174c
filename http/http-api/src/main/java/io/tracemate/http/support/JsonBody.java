package io.tracemate.http.support;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The one JSON writer (and reader) of the HTTP APIs: every answer is streamed by a {@link Writer} straight into a
 * Jackson generator of one shared {@link ObjectMapper} (so writers may also write trees), and every JSON the APIs
 * read (tag filters, request bodies, log lines) is read through the same mapper. Nothing else builds a mapper or a
 * factory of its own. Thread-safe: the mapper is configured once, here, and never changed.
 */
public final class JsonBody {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Writes one JSON value. */
  @FunctionalInterface
  public interface Writer {
    void write(JsonGenerator out) throws IOException;
  }

  private JsonBody() {}

  /** 200 with the document {@code writer} writes. */
  public static HttpResponse ok(Writer writer) {
    return response(HttpStatus.OK, false, writer);
  }

  /** @param pretty indent the document (Jaeger's {@code prettyPrint}) */
  public static HttpResponse response(HttpStatus status, boolean pretty, Writer writer) {
    return HttpResponse.of(status, MediaType.JSON_UTF_8, HttpData.wrap(bytes(pretty, writer)));
  }

  /** The same as {@link #response}, already whole (what an error handler of the server must return). */
  public static AggregatedHttpResponse aggregated(
      HttpStatus status, boolean pretty, Writer writer) {
    return AggregatedHttpResponse.of(
        status, MediaType.JSON_UTF_8, HttpData.wrap(bytes(pretty, writer)));
  }

  /** Writes {@code values} as a JSON array of strings. */
  public static Writer stringArray(List<String> values) {
    return out -> out.writeArray(values.toArray(String[]::new), 0, values.size());
  }

  /** The document as UTF-8 bytes. */
  public static byte[] bytes(boolean pretty, Writer writer) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    try (JsonGenerator out = MAPPER.createGenerator(buffer, JsonEncoding.UTF8)) {
      if (pretty) {
        out.useDefaultPrettyPrinter();
      }
      writer.write(out);
    } catch (IOException e) {
      // Only a bug in a writer can get here: the target is memory.
      throw new UncheckedIOException("cannot write JSON", e);
    }
    return buffer.toByteArray();
  }

  /** The document as a string (a WebSocket text message). */
  public static String string(Writer writer) {
    return new String(bytes(false, writer), StandardCharsets.UTF_8);
  }

  /** Reads a JSON document a client sent, as a tree. */
  public static JsonNode readTree(String json) throws JsonProcessingException {
    return MAPPER.readTree(json);
  }

  /** A streaming parser over {@code json}, for reading many small documents (log lines) without trees. */
  public static JsonParser parser(String json) throws IOException {
    return MAPPER.createParser(json);
  }

  /**
   * Whether the request asks for indented JSON: Jaeger's rule, any {@code prettyPrint} value other than empty or
   * {@code false}. Only the APIs that Jaeger clients call honour it.
   */
  public static boolean prettyPrint(QueryParams params) {
    String value = params.get("prettyPrint");
    return value != null && !value.isEmpty() && !value.equals("false");
  }
}
