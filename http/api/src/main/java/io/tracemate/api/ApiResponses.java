package io.tracemate.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON responses of Tracemate's own API: the document on success, {@code {"error": {"code", "message"}}}
 * otherwise. Handlers run off the event loop. Thread-safe.
 */
final class ApiResponses {
  private static final Logger log = LoggerFactory.getLogger(ApiResponses.class);
  private static final JsonFactory FACTORY = new JsonFactory();

  @FunctionalInterface
  interface JsonWriter {
    void write(JsonGenerator out) throws IOException;
  }

  private ApiResponses() {}

  static HttpResponse json(JsonWriter writer) {
    return json(HttpStatus.OK, writer);
  }

  static HttpResponse json(HttpStatus status, JsonWriter writer) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
    try (JsonGenerator out = FACTORY.createGenerator(buffer, JsonEncoding.UTF8)) {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON response", e);
    }
    return HttpResponse.of(status, MediaType.JSON_UTF_8, HttpData.wrap(buffer.toByteArray()));
  }

  static HttpResponse error(HttpStatus status, String message) {
    return json(status, out -> {
      out.writeStartObject();
      out.writeObjectFieldStart("error");
      out.writeNumberField("code", status.code());
      out.writeStringField("message", message);
      out.writeEndObject();
      out.writeEndObject();
    });
  }

  /** Runs the handler on the blocking executor; bad parameters become 400, anything else 500. */
  static HttpService blocking(Function<ServiceRequestContext, HttpResponse> handler) {
    return (ctx, req) -> HttpResponse.of(() -> {
      try {
        return handler.apply(ctx);
      } catch (BadRequestException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
      } catch (RuntimeException e) {
        log.error("{} failed", ctx.path(), e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + e);
      }
    }, ctx.blockingTaskExecutor());
  }
}
