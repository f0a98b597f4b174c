package io.tracemate.receivers.exchange;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import io.tracemate.codec.otlp.OtlpJson;
import java.util.function.Function;

/**
 * OTLP/HTTP answers for every signal, in the request's encoding (JSON when the request's type is neither):
 * success as the signal's export response (with partial success when something was refused), errors as a
 * {@code google.rpc.Status} whose code follows {@link ErrorStatus}, with {@code Retry-After} and a
 * {@code RetryInfo} detail when retryable and {@code Allow: POST} for 405. Stateless; thread-safe.
 *
 * @param json whether to answer in OTLP/JSON
 * @param response the export response of a stored submission
 * @param refusal what a stored submission still answers as an error (logs: 429 when a rate limit refused entries),
 *     or null for none
 */
public record OtlpHttpResponder<S>(
    boolean json, Function<S, Message> response, Function<S, ErrorAnswer> refusal)
    implements HttpResponder<S> {
  public static final MediaType PROTOBUF = MediaType.create("application", "x-protobuf");
  public static final MediaType JSON = MediaType.create("application", "json");

  /** Whether a Content-Type is OTLP's protobuf one ({@code application/x-protobuf}, or {@code protobuf}). */
  public static boolean isProtobuf(MediaType type) {
    return type != null
        && type.type().equals("application")
        && (type.subtype().equals("x-protobuf") || type.subtype().equals("protobuf"));
  }

  /** Whether a Content-Type is OTLP/JSON's ({@code application/json}, parameters ignored). */
  public static boolean isJson(MediaType type) {
    return type != null && type.type().equals("application") && type.subtype().equals("json");
  }

  @Override
  public HttpResponse success(S submission) {
    ErrorAnswer refused = refusal.apply(submission);
    return refused != null
        ? error(refused)
        : respond(ResponseHeaders.builder(HttpStatus.OK), response.apply(submission));
  }

  @Override
  public HttpResponse error(ErrorAnswer answer) {
    com.google.rpc.Status.Builder body =
        com.google.rpc.Status.newBuilder()
            .setCode(answer.status().grpc().getNumber())
            .setMessage(StatusMessages.clean(answer.message()));
    ResponseHeadersBuilder headers = ResponseHeaders.builder(answer.status().http());
    if (answer.retryAfter() != null) {
      long seconds = answer.retryAfterSeconds();
      headers.set(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds));
      body.addDetails(
          Any.pack(
              RetryInfo.newBuilder()
                  .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(seconds))
                  .build()));
    }
    if (answer.status() == ErrorStatus.METHOD_NOT_ALLOWED) {
      headers.set(HttpHeaderNames.ALLOW, "POST");
    }
    return respond(headers, body.build());
  }

  private HttpResponse respond(ResponseHeadersBuilder headers, Message message) {
    byte[] bytes = json ? OtlpJson.print(message).getBytes(UTF_8) : message.toByteArray();
    return HttpResponse.of(
        headers.contentType(json ? JSON : PROTOBUF).build(), HttpData.wrap(bytes));
  }
}
