package io.tracemate.bench.logs;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.tracemate.bench.SharedMeasurements;
import java.time.Duration;
import java.time.ZonedDateTime;

/**
 * Sends push requests to {@code POST /loki/api/v1/push}. Loki answers 204 when every entry is durable; 429 (rate
 * limit) and 503 (backpressure) are throttling, to be retried after {@code Retry-After}. Thread-safe.
 */
final class LokiPusher {

  static final String PATH = "/loki/api/v1/push";

  /** What one attempt came to. {@code retryAfter} is null when the server did not say. */
  record Outcome(Kind kind, Duration retryAfter, String error) {
    enum Kind {
      ACCEPTED,
      THROTTLED,
      FAILED
    }
  }

  private final BlockingWebClient client;
  private final RequestHeaders headers;

  LokiPusher(String baseUri, ClientFactory factory, PushFormat format, Duration timeout) {
    this.client =
        WebClient.builder(baseUri)
            .factory(factory)
            .responseTimeout(timeout)
            .maxResponseLength(1 << 20)
            .build()
            .blocking();
    this.headers =
        RequestHeaders.builder(HttpMethod.POST, PATH)
            .contentType(MediaType.parse(format.contentType()))
            .build();
  }

  Outcome push(byte[] body) {
    AggregatedHttpResponse response;
    try {
      response = client.execute(headers, body);
    } catch (RuntimeException e) {
      return new Outcome(Outcome.Kind.FAILED, null, e.toString());
    }
    int status = response.status().code();
    if (status >= 200 && status < 300) {
      return new Outcome(Outcome.Kind.ACCEPTED, null, null);
    }
    String text = response.contentUtf8();
    String error =
        "HTTP " + status + ": " + text.substring(0, Math.min(200, text.length())).strip();
    if (status == 429 || status == 503) {
      Duration wait =
          SharedMeasurements.retryAfter(
              response.headers().get(HttpHeaderNames.RETRY_AFTER), ZonedDateTime.now());
      return new Outcome(Outcome.Kind.THROTTLED, wait, error);
    }
    return new Outcome(Outcome.Kind.FAILED, null, error);
  }
}
