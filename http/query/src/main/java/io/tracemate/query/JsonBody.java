package io.tracemate.query;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Streams a JSON document into an HTTP response body. Thread-safe. */
final class JsonBody {
  /** Bound to a mapper so that writers may also write trees. */
  private static final JsonFactory FACTORY = new ObjectMapper().getFactory();

  /** Writes one JSON value. */
  @FunctionalInterface
  interface Writer {
    void write(JsonGenerator out) throws IOException;
  }

  private JsonBody() {}

  static HttpResponse response(HttpStatus status, boolean pretty, Writer writer) {
    return HttpResponse.of(status, MediaType.JSON_UTF_8, HttpData.wrap(bytes(pretty, writer)));
  }

  static byte[] bytes(boolean pretty, Writer writer) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    try (JsonGenerator out = FACTORY.createGenerator(buffer, JsonEncoding.UTF8)) {
      if (pretty) {
        out.useDefaultPrettyPrinter();
      }
      writer.write(out);
    } catch (IOException e) {
      // Only a bug in a writer can get here: the target is memory.
      throw new UncheckedIOException("cannot write JSON response", e);
    }
    return buffer.toByteArray();
  }
}
