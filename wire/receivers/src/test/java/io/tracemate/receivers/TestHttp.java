package io.tracemate.receivers;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** Small helpers for sending hand-made requests and reading metrics. */
final class TestHttp {
  private TestHttp() {}

  static AggregatedHttpResponse post(
      WebClient client, String path, String contentType, String contentEncoding, byte[] body) {
    RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, path);
    if (contentType != null) {
      headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    if (contentEncoding != null) {
      headers.set(HttpHeaderNames.CONTENT_ENCODING, contentEncoding);
    }
    return client.execute(HttpRequest.of(headers.build(), HttpData.wrap(body))).aggregate().join();
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A gRPC call made by hand over HTTP/2 (prior knowledge): one message frame with the given compressed flag,
   * and {@code grpcEncoding} as {@code grpc-encoding} when not null.
   */
  static AggregatedHttpResponse grpcCall(
      WebClient h2c, String path, String grpcEncoding, boolean compressedFlag, byte[] message) {
    RequestHeadersBuilder headers =
        RequestHeaders.builder(HttpMethod.POST, path)
            .contentType(com.linecorp.armeria.common.MediaType.parse("application/grpc"))
            .set("te", "trailers");
    if (grpcEncoding != null) {
      headers.set("grpc-encoding", grpcEncoding);
    }
    byte[] frame =
        java.nio.ByteBuffer.allocate(5 + message.length)
            .put((byte) (compressedFlag ? 1 : 0))
            .putInt(message.length)
            .put(message)
            .array();
    return h2c.execute(HttpRequest.of(headers.build(), HttpData.wrap(frame))).aggregate().join();
  }

  /** A gRPC answer's status code, from its trailers or, for a trailers-only answer, its headers. */
  static String grpcStatus(AggregatedHttpResponse response) {
    String status = response.trailers().get("grpc-status");
    return status != null ? status : response.headers().get("grpc-status");
  }

  /** A gRPC answer's {@code grpc-message} as sent (percent-encoded), or null. */
  static String grpcMessage(AggregatedHttpResponse response) {
    String message = response.trailers().get("grpc-message");
    return message != null ? message : response.headers().get("grpc-message");
  }

  /** The value of a counter data point, or 0 when it was never incremented. */
  static double counter(PrometheusRegistry registry, String name, String... labelNamesAndValues) {
    Labels labels = Labels.of(labelNamesAndValues);
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot instanceof CounterSnapshot counter
          && counter.getMetadata().getName().equals(name)) {
        for (CounterSnapshot.CounterDataPointSnapshot point : counter.getDataPoints()) {
          if (point.getLabels().equals(labels)) {
            return point.getValue();
          }
        }
      }
    }
    return 0;
  }
}
