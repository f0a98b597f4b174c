package io.tracemate.receivers.exchange;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import java.util.function.Function;

/**
 * Answers as Zipkin's and Loki's push endpoints do: an empty success status, errors as a plain-text message with
 * {@code Retry-After} (seconds) when retryable and {@code Allow: POST} for 405. Stateless; thread-safe.
 *
 * @param success the status of a full success (Zipkin 202, Loki 204)
 * @param refusal what a stored submission still answers as an error (Loki: 400 or 429 naming refused entries), or
 *     null for none
 */
public record PlainTextResponder<S>(HttpStatus success, Function<S, ErrorAnswer> refusal)
    implements HttpResponder<S> {

  @Override
  public HttpResponse success(S submission) {
    ErrorAnswer refused = refusal.apply(submission);
    return refused != null ? error(refused) : HttpResponse.of(ResponseHeaders.of(success));
  }

  @Override
  public HttpResponse error(ErrorAnswer answer) {
    ResponseHeadersBuilder headers =
        ResponseHeaders.builder(answer.status().http()).contentType(MediaType.PLAIN_TEXT_UTF_8);
    if (answer.retryAfter() != null) {
      headers.set(HttpHeaderNames.RETRY_AFTER, Long.toString(answer.retryAfterSeconds()));
    }
    if (answer.status() == ErrorStatus.METHOD_NOT_ALLOWED) {
      headers.set(HttpHeaderNames.ALLOW, "POST");
    }
    return HttpResponse.of(headers.build(), HttpData.ofUtf8(answer.message() + "\n"));
  }
}
