package io.tracemate.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import zipkin2.Endpoint;
import zipkin2.codec.SpanBytesEncoder;
import zipkin2.reporter.BaseHttpSender;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.HttpEndpointSuppliers;

/**
 * zipkin-reporter's HTTP sender with a bearer token: the library's {@link BaseHttpSender} (batching, encoding,
 * endpoint) posting JSON v2 with a JDK client (one trusting a test CA for TLS), since the library's URLConnection
 * sender sends no custom headers. A refusal surfaces as the {@link IOException} zipkin-reporter reports, carrying
 * the status and the server's message. Thread-safe as the library's senders are.
 */
final class ZipkinBearerSender extends BaseHttpSender<URI, byte[]> {
  private final HttpClient http;
  private final String token;

  /**
   * @param endpoint the server's {@code /api/v2/spans} URL
   * @param token the bearer token to send, or null to send none
   */
  ZipkinBearerSender(String endpoint, String token, HttpClient http) {
    super(Encoding.JSON, HttpEndpointSuppliers.constantFactory(), endpoint);
    this.http = http;
    this.token = token;
  }

  /** One span of {@code service} that ended a moment ago, encoded as this sender sends it. */
  static byte[] span(String service) {
    long now = System.currentTimeMillis() * 1000;
    return SpanBytesEncoder.JSON_V2.encode(
        zipkin2.Span.newBuilder()
            .traceId("463ac35c9f6413ad48485a3953bb6124")
            .id("a2fb4a1d1a96d312")
            .name("get /orders")
            .timestamp(now - 1000)
            .duration(500)
            .localEndpoint(Endpoint.newBuilder().serviceName(service).build())
            .build());
  }

  @Override
  protected URI newEndpoint(String endpoint) {
    return URI.create(endpoint);
  }

  @Override
  protected byte[] newBody(List<byte[]> spans) {
    return encoding.encode(spans);
  }

  @Override
  protected void postSpans(URI endpoint, byte[] body) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .header("Content-Type", encoding.mediaType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          "zipkin answered " + response.statusCode() + ": " + response.body().strip());
    }
  }
}
