package io.tracemate.alerting.notify.delivery;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ClientFactoryBuilder;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Posts notification bodies to one receiver's HTTP endpoints (Armeria's {@link WebClient} on its own client
 * factory, so one receiver's TLS settings and connections are its own): the configured {@code Authorization}
 * header, a time-out per request, answers bounded to {@value #MAX_RESPONSE_BYTES} bytes. Any 2xx answer is
 * delivery; 408, 429 and 5xx and connection failures are retryable {@link DeliveryException}s, other statuses
 * permanent ones, with the status and the start of the answer in the message.
 *
 * <p>Thread-safe; never blocks (answers complete on Armeria's event loops).
 */
public final class HttpSender implements AutoCloseable {
  static final int MAX_RESPONSE_BYTES = 64 * 1024;
  private static final int MAX_ERROR_CHARS = 256;

  private final ClientFactory factory;
  private final WebClient client;
  private final String authorization;

  public HttpSender(HttpClientSettings settings, Duration timeout) {
    ClientFactoryBuilder builder = ClientFactory.builder();
    HttpClientSettings.TlsConfig tls = settings.tlsConfig();
    if (tls.insecureSkipVerify()) {
      builder.tlsNoVerify();
    }
    if (tls.caFile() != null || tls.certFile() != null) {
      builder.tlsCustomizer(
          ssl -> {
            if (tls.caFile() != null) {
              ssl.trustManager(tls.caFile().toFile());
            }
            if (tls.certFile() != null) {
              ssl.keyManager(tls.certFile().toFile(), tls.keyFile().toFile());
            }
          });
    }
    this.factory = builder.build();
    this.client =
        WebClient.builder()
            .factory(factory)
            .responseTimeout(timeout)
            .writeTimeout(timeout)
            .maxResponseLength(MAX_RESPONSE_BYTES)
            .build();
    this.authorization = settings.authorizationHeader();
  }

  /** Checks that {@code url} is an absolute http(s) URL, naming {@code key} when it is not. */
  public static URI checkUrl(String url, String key) {
    if (url == null || url.isEmpty()) {
      throw new IllegalArgumentException(key + " is required");
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " is not a URL: " + url, e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          key + " must be an absolute http or https URL, got " + url);
    }
    return uri;
  }

  /**
   * Posts {@code body} to {@code url}.
   *
   * @return the answer when it was 2xx; else fails with a {@link DeliveryException}
   */
  public CompletableFuture<AggregatedHttpResponse> post(
      String url, MediaType type, byte[] body, Map<String, String> headers) {
    RequestHeadersBuilder request = RequestHeaders.builder(HttpMethod.POST, url).contentType(type);
    if (authorization != null) {
      request.set(HttpHeaderNames.AUTHORIZATION, authorization);
    }
    headers.forEach(request::set);
    CompletableFuture<AggregatedHttpResponse> answer;
    try {
      answer = client.execute(HttpRequest.of(request.build(), HttpData.wrap(body))).aggregate();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          new DeliveryException("cannot send to " + redacted(url) + ": " + e, true, e));
    }
    return answer.handle(
        (response, failure) -> {
          if (failure != null) {
            throw new DeliveryException(
                "sending to " + redacted(url) + " failed: " + failure, true, failure);
          }
          HttpStatus status = response.status();
          if (status.isSuccess()) {
            return response;
          }
          boolean retryable =
              status.code() == 408 || status.code() == 429 || status.isServerError();
          throw new DeliveryException(
              redacted(url) + " answered " + status + ": " + start(response.contentUtf8()),
              retryable);
        });
  }

  /** The first characters of an answer, for an error message. */
  public static String start(String text) {
    String line = text.strip().replace('\n', ' ');
    return line.length() <= MAX_ERROR_CHARS ? line : line.substring(0, MAX_ERROR_CHARS) + "…";
  }

  /** {@code url} without its query (robots carry their tokens there), for messages and logs. */
  public static String redacted(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query) + "?…";
  }

  @Override
  public void close() {
    // Not waited for: in-flight posts are abandoned at shutdown either way.
    factory.closeAsync();
  }
}
