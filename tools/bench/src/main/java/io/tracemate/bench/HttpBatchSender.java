package io.tracemate.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.tracemate.codec.otlp.OtlpJson;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * An HTTP POST of pre-encoded batches: OTLP/HTTP protobuf or OTLP/JSON to {@code /v1/traces}, or Zipkin JSON v2
 * to {@code /api/v2/spans}. 429 and 503 are throttling (honouring {@code Retry-After}).
 */
final class HttpBatchSender implements BatchSender {

  private final BlockingWebClient client;
  private final RequestHeaders headers;
  private final boolean otlp;

  private HttpBatchSender(
      String baseUri,
      ClientFactory factory,
      Duration timeout,
      String path,
      MediaType type,
      boolean otlp,
      Map<String, String> extraHeaders) {
    this.client =
        WebClient.builder(baseUri)
            .factory(factory)
            .addHeaders(extraHeaders.entrySet())
            .responseTimeout(timeout)
            .maxResponseLength(16 * 1024 * 1024)
            .build()
            .blocking();
    this.headers = RequestHeaders.builder(HttpMethod.POST, path).contentType(type).build();
    this.otlp = otlp;
  }

  static HttpBatchSender otlpHttp(
      String baseUri, ClientFactory factory, Duration timeout, Map<String, String> headers) {
    return new HttpBatchSender(
        baseUri, factory, timeout, "/v1/traces", MediaType.X_PROTOBUF, true, headers);
  }

  static HttpBatchSender otlpJson(
      String baseUri, ClientFactory factory, Duration timeout, Map<String, String> headers) {
    return new HttpBatchSender(
        baseUri, factory, timeout, "/v1/traces", MediaType.JSON, true, headers);
  }

  static HttpBatchSender zipkinJson(
      String baseUri, ClientFactory factory, Duration timeout, Map<String, String> headers) {
    return new HttpBatchSender(
        baseUri, factory, timeout, "/api/v2/spans", MediaType.JSON, false, headers);
  }

  @Override
  public Attempt send(EncodedBatch batch) {
    AggregatedHttpResponse response;
    try {
      response = client.execute(headers, batch.body());
    } catch (RuntimeException e) {
      return Attempt.failed(batch.spans(), e.toString());
    }
    int status = response.status().code();
    if (status >= 200 && status < 300) {
      return Attempt.accepted(batch.spans(), otlp ? rejectedSpans(response) : 0);
    }
    if (status == 429 || status == 503) {
      return Attempt.throttled(
          RetryAfter.parse(
              response.headers().get(HttpHeaderNames.RETRY_AFTER), ZonedDateTime.now()),
          "HTTP " + status);
    }
    String body = response.contentUtf8();
    return Attempt.failed(
        batch.spans(), "HTTP " + status + ": " + body.substring(0, Math.min(200, body.length())));
  }

  /**
   * OTLP/HTTP answers with an ExportTraceServiceResponse that may report partial success, in the request's
   * encoding.
   */
  private static int rejectedSpans(AggregatedHttpResponse response) {
    MediaType type = response.contentType();
    if (response.content().isEmpty() || type == null) {
      return 0;
    }
    try {
      ExportTraceServiceResponse answer;
      if (type.isProtobuf()) {
        answer = ExportTraceServiceResponse.parseFrom(response.content().array());
      } else if (type.isJson()) {
        answer =
            OtlpJson.merge(response.content().array(), ExportTraceServiceResponse.newBuilder())
                .build();
      } else {
        return 0;
      }
      return (int) answer.getPartialSuccess().getRejectedSpans();
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      return 0;
    }
  }
}
