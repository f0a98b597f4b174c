package io.tracemate.http.support;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;

/**
 * How one API family writes an error, because clients show whatever the body says and parse it as their API's
 * error: the only thing that differs between the families' error answers once a failure has a status and a message
 * ({@link ApiErrors}). Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface ErrorShape {

  /** Tracemate's own JSON APIs (topology, RED): {@code {"error": {"code", "message"}}}. */
  ErrorShape TRACEMATE = jsonError("code");

  /**
   * Go's {@code http.Error}, as Loki answers: plain text ending with a newline, with
   * {@code X-Content-Type-Options: nosniff}.
   */
  ErrorShape PLAIN_TEXT =
      (status, message, pretty) ->
          AggregatedHttpResponse.of(
              ResponseHeaders.builder(status)
                  .contentType(MediaType.PLAIN_TEXT_UTF_8)
                  .set(HttpHeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff")
                  .build(),
              HttpData.ofUtf8(message + "\n"));

  /**
   * @param pretty the request asked for indented JSON ({@link JsonBody#prettyPrint}); shapes whose API never
   *     indents errors ignore it
   */
  AggregatedHttpResponse render(HttpStatus status, String message, boolean pretty);

  /**
   * {@code {"error": {"<codeField>": <status code>, "message"}}}, never indented: ours with {@code code}, Jaeger's
   * api_v3 gateway with {@code httpCode}.
   */
  static ErrorShape jsonError(String codeField) {
    return (status, message, pretty) ->
        JsonBody.aggregated(
            status,
            false,
            out -> {
              out.writeStartObject();
              out.writeObjectFieldStart("error");
              out.writeNumberField(codeField, status.code());
              out.writeStringField("message", message);
              out.writeEndObject();
              out.writeEndObject();
            });
  }
}
