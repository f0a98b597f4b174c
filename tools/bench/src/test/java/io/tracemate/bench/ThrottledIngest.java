package io.tracemate.bench;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ingest endpoint of the stand-in servers, for traces and logs alike: its first request is answered 429 with
 * {@code Retry-After: 0}, as a loaded server answers, so that the bench's retry is exercised; every later one is
 * aggregated and handed to the endpoint's decoder, and a body the decoder refuses is answered 400 with the
 * failure's text, so that the bench test sees it.
 */
public final class ThrottledIngest {
  private ThrottledIngest() {}

  /** Decodes and counts one aggregated request; the answer when it is accepted. */
  @FunctionalInterface
  public interface Decoder {
    HttpResponse accept(AggregatedHttpRequest request) throws Exception;
  }

  /** @param throttled counts the 429 answers */
  public static HttpService firstRequestThrottled(AtomicInteger throttled, Decoder decoder) {
    AtomicInteger requests = new AtomicInteger();
    return (ctx, req) ->
        HttpResponse.of(
            req.aggregate()
                .thenApply(
                    body -> {
                      if (requests.getAndIncrement() == 0) {
                        throttled.incrementAndGet();
                        return HttpResponse.of(
                            ResponseHeaders.of(
                                HttpStatus.TOO_MANY_REQUESTS, HttpHeaderNames.RETRY_AFTER, "0"));
                      }
                      try {
                        return decoder.accept(body);
                      } catch (Exception e) {
                        return HttpResponse.of(
                            HttpStatus.BAD_REQUEST, MediaType.PLAIN_TEXT, e.toString());
                      }
                    }));
  }
}
