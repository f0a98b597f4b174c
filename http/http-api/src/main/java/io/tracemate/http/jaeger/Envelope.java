package io.tracemate.http.jaeger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import io.tracemate.http.support.JsonBody;
import java.io.IOException;
import java.util.List;

/**
 * Jaeger's v1 response envelope, {@code {"data", "total", "limit", "offset", "errors"}}, every key always
 * present. Errors are {@code {"code" (omitted when 0), "msg", "traceID" (omitted when empty)}}. Tracemate's trace
 * analysis answers in it too. Thread-safe.
 */
public final class Envelope {

  /** One entry of {@code errors}. */
  public record Error(int code, String msg, String traceId) {
    static Error of(HttpStatus status, String msg) {
      return new Error(status.code(), msg, null);
    }
  }

  private Envelope() {}

  /** 200 with {@code data} and the errors of single items (traces not found). */
  public static HttpResponse ok(
      boolean pretty, JsonBody.Writer data, int total, List<Error> errors) {
    return JsonBody.response(HttpStatus.OK, pretty, out -> write(out, data, total, errors));
  }

  /** The v1 error shape: {@code data: null} and one error carrying the status code. */
  static AggregatedHttpResponse errorPage(HttpStatus status, String msg, boolean pretty) {
    return JsonBody.aggregated(
        status,
        pretty,
        out -> write(out, JsonGenerator::writeNull, 0, List.of(Error.of(status, msg))));
  }

  private static void write(JsonGenerator out, JsonBody.Writer data, int total, List<Error> errors)
      throws IOException {
    out.writeStartObject();
    out.writeFieldName("data");
    data.write(out);
    out.writeNumberField("total", total);
    out.writeNumberField("limit", 0);
    out.writeNumberField("offset", 0);
    out.writeFieldName("errors");
    if (errors.isEmpty()) {
      out.writeNull();
    } else {
      out.writeStartArray();
      for (Error error : errors) {
        out.writeStartObject();
        if (error.code() != 0) {
          out.writeNumberField("code", error.code());
        }
        out.writeStringField("msg", error.msg());
        if (error.traceId() != null && !error.traceId().isEmpty()) {
          out.writeStringField("traceID", error.traceId());
        }
        out.writeEndObject();
      }
      out.writeEndArray();
    }
    out.writeEndObject();
  }
}
