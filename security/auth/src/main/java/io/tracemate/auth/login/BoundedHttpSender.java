package io.tracemate.auth.login;

import com.nimbusds.oauth2.sdk.http.HTTPRequestSender;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPRequest;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sends nimbus' requests to the issuer (its token endpoint) with the JDK's HTTP client: connect and whole-request
 * time-outs, no redirects followed, and an answer read up to {@code maxBytes} only (a token response is a few KiB),
 * so a misbehaving endpoint costs bounded time and memory.
 *
 * <p>Thread-safe.
 */
final class BoundedHttpSender implements HTTPRequestSender {
  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("content-length", "host", "connection", "expect", "upgrade");

  private final HttpClient client;
  private final Duration timeout;
  private final int maxBytes;

  BoundedHttpSender(Duration connectTimeout, Duration timeout, int maxBytes) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.timeout = timeout;
    this.maxBytes = maxBytes;
  }

  @Override
  public ReadOnlyHTTPResponse send(ReadOnlyHTTPRequest request) throws IOException {
    String body = request.getBody();
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(request.getURI())
            .timeout(timeout)
            .method(
                request.getMethod().name(),
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    for (Map.Entry<String, List<String>> header : request.getHeaderMap().entrySet()) {
      if (RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        continue;
      }
      for (String value : header.getValue()) {
        builder.header(header.getKey(), value);
      }
    }
    HttpResponse<InputStream> answer;
    try {
      answer = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + request.getURI(), e);
    }
    byte[] bytes;
    try (InputStream in = answer.body()) {
      bytes = in.readNBytes(maxBytes + 1);
    }
    if (bytes.length > maxBytes) {
      throw new IOException(
          request.getURI() + " answered with more than " + maxBytes + " bytes: refused unread");
    }
    HTTPResponse response = new HTTPResponse(answer.statusCode());
    answer
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!name.startsWith(":")) {
                response.setHeader(name, values.toArray(String[]::new));
              }
            });
    response.setBody(new String(bytes, StandardCharsets.UTF_8));
    return response;
  }
}
