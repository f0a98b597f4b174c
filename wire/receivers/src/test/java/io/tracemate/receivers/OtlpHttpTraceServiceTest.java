package io.tracemate.receivers;

import static io.tracemate.receivers.TestHttp.counter;
import static io.tracemate.receivers.TestHttp.gzip;
import static io.tracemate.receivers.TestHttp.post;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.RetryInfo;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.opentelemetry.exporter.internal.http.HttpExporter;
import io.opentelemetry.exporter.internal.http.HttpExporterBuilder;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.internal.StandardComponentId;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.codec.otlp.OtlpJson;
import io.tracemate.codec.otlp.OtlpTraceEncoder;
import io.tracemate.component.Refusal;
import io.tracemate.receivers.exchange.ReceiverMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpHttpTraceServiceTest {
  private static final int LIMIT = 256 * 1024;
  private static final RecordingSink sink = new RecordingSink();
  private static final PrometheusRegistry registry = new PrometheusRegistry();

  @RegisterExtension
  static final ServerExtension server =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          sb.service(
              new OtlpHttpTraceService(
                  sink, TestData.anyAge(LIMIT), ReceiverMetrics.forSpans(registry)));
        }
      };

  private WebClient client;

  @BeforeEach
  void setUp() {
    sink.reset();
    client = WebClient.of(server.httpUri());
  }

  @ParameterizedTest(name = "compression {0}")
  @ValueSource(strings = {"none", "gzip"})
  void sdkProtobufExporterDeliversEveryField(String compression) {
    List<SpanData> spans = SdkSpans.rich();
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(server.httpUri() + OtlpHttpTraceService.PATH)
            .setCompression(compression)
            .build();
    try {
      CompletableResultCode result = exporter.export(spans).join(10, TimeUnit.SECONDS);
      assertThat(result.isSuccess()).isTrue();
    } finally {
      exporter.shutdown().join(5, TimeUnit.SECONDS);
    }
    SdkSpans.assertReceivedIntact(spans, sink.spans());
  }

  @Test
  void sdkJsonExporterDeliversEveryField() {
    // The SDK's JSON mode is not on the public builder yet; this is the exporter the builder would
    // create.
    List<SpanData> spans = SdkSpans.rich();
    HttpExporter<Marshaler> exporter =
        new HttpExporterBuilder<>(
                StandardComponentId.ExporterType.OTLP_HTTP_JSON_SPAN_EXPORTER,
                server.httpUri() + OtlpHttpTraceService.PATH)
            .exportAsJson()
            .setCompression("gzip")
            .build();
    try {
      CompletableResultCode result =
          exporter
              .export(TraceRequestMarshaler.create(spans), spans.size())
              .join(10, TimeUnit.SECONDS);
      assertThat(result.isSuccess()).isTrue();
    } finally {
      exporter.shutdown().join(5, TimeUnit.SECONDS);
    }
    SdkSpans.assertReceivedIntact(spans, sink.spans());
  }

  @Test
  void fullSuccessAnswersAnEmptyResponseInTheRequestsContentType() {
    byte[] request = OtlpTraceEncoder.encode(List.of(TestData.span())).toByteArray();

    AggregatedHttpResponse protobuf =
        post(client, OtlpHttpTraceService.PATH, "application/x-protobuf", null, request);
    AggregatedHttpResponse json =
        post(
            client,
            OtlpHttpTraceService.PATH,
            "application/json; charset=utf-8",
            null,
            OtlpJson.print(OtlpTraceEncoder.encode(List.of(TestData.span()))).getBytes(UTF_8));

    assertThat(protobuf.status()).isEqualTo(HttpStatus.OK);
    assertThat(protobuf.contentType().toString()).isEqualTo("application/x-protobuf");
    assertThat(protobuf.content().isEmpty()).isTrue();
    assertThat(json.status()).isEqualTo(HttpStatus.OK);
    assertThat(json.contentType().toString()).isEqualTo("application/json");
    assertThat(json.contentUtf8()).isEqualTo("{}");
    assertThat(sink.spans()).hasSize(2);
    assertThat(counter(registry, "tracemate_receiver_spans_accepted", "receiver", "otlp"))
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void spansWithInvalidIdsGetPartialSuccess() throws Exception {
    String body =
        """
        {"resourceSpans":[{"scopeSpans":[{"scope":{"name":"lib"},"spans":[
          {"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"ok",
           "startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000000000001"},
          {"traceId":"00000000000000000000000000000000","spanId":"b7ad6b7169203332","name":"zero"}]}]}]}
        """;
    double rejectedBefore =
        counter(
            registry,
            "tracemate_receiver_spans_rejected",
            "receiver",
            "otlp",
            "reason",
            "invalid_id");

    AggregatedHttpResponse json =
        post(client, OtlpHttpTraceService.PATH, "application/json", null, body.getBytes(UTF_8));
    AggregatedHttpResponse protobuf =
        post(
            client,
            OtlpHttpTraceService.PATH,
            "application/x-protobuf",
            null,
            OtlpJson.parseTraceRequest(body.getBytes(UTF_8)).toByteArray());

    assertThat(json.status()).isEqualTo(HttpStatus.OK);
    assertThat(json.contentUtf8())
        .isEqualTo(
            "{\"partialSuccess\":{\"rejectedSpans\":\"1\",\"errorMessage\":"
                + "\"1 span rejected: span 1 of scope 'lib' has an all-zero trace ID\"}}");
    ExportTraceServiceResponse response =
        ExportTraceServiceResponse.parseFrom(protobuf.content().array());
    assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(sink.spans()).extracting(s -> s.name()).containsExactly("ok", "ok");
    assertThat(
            counter(
                registry,
                "tracemate_receiver_spans_rejected",
                "receiver",
                "otlp",
                "reason",
                "invalid_id"))
        .isEqualTo(rejectedBefore + 2);
  }

  @Test
  void malformedJsonIs400WithAJsonStatusNamingThePath() {
    String body =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"not-hex\"}]}]}]}";

    AggregatedHttpResponse response =
        post(client, OtlpHttpTraceService.PATH, "application/json", null, body.getBytes(UTF_8));

    assertThat(response.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.contentType().toString()).isEqualTo("application/json");
    assertThat(response.contentUtf8())
        .contains("\"code\":3")
        .contains("resourceSpans[0].scopeSpans[0].spans[0].traceId: 'not-hex' is not hex");
    assertThat(sink.spans()).isEmpty();
  }

  @Test
  void malformedProtobufIs400WithAProtobufStatus() throws Exception {
    AggregatedHttpResponse response =
        post(
            client,
            OtlpHttpTraceService.PATH,
            "application/x-protobuf",
            "gzip",
            gzip(new byte[] {10, 100, 1, 2, 3}));

    assertThat(response.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.contentType().toString()).isEqualTo("application/x-protobuf");
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(response.content().array());
    assertThat(status.getMessage())
        .startsWith("cannot decode the protobuf ExportTraceServiceRequest (5 bytes)");
  }

  @Test
  void notGzipDespiteTheHeaderIs400() {
    AggregatedHttpResponse response =
        post(client, OtlpHttpTraceService.PATH, "application/json", "gzip", "{}".getBytes(UTF_8));
    assertThat(response.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.contentUtf8()).contains("not valid gzip");
  }

  @Test
  void bodyOverTheLimitAfterDecompressionIs413() {
    // 1 MiB of spaces is valid JSON padding and compresses to about 1 KiB: small on the wire, too
    // big inflated.
    byte[] inflated = ("{\"resourceSpans\":[]" + " ".repeat(1024 * 1024) + "}").getBytes(UTF_8);
    byte[] compressed = gzip(inflated);
    assertThat(compressed.length).isLessThan(LIMIT);

    AggregatedHttpResponse response =
        post(client, OtlpHttpTraceService.PATH, "application/json", "gzip", compressed);

    assertThat(response.status()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
    assertThat(response.contentType().toString()).isEqualTo("application/json");
    assertThat(response.contentUtf8()).contains("exceeds the limit of " + LIMIT + " bytes");
    assertThat(
            counter(
                registry,
                "tracemate_receiver_requests_rejected",
                "receiver",
                "otlp",
                "reason",
                "too_large"))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void uncompressedBodyOverTheLimitIs413() throws Exception {
    AggregatedHttpResponse response =
        post(
            client, OtlpHttpTraceService.PATH, "application/x-protobuf", null, new byte[LIMIT + 1]);

    assertThat(response.status()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
    assertThat(com.google.rpc.Status.parseFrom(response.content().array()).getCode()).isEqualTo(8);
  }

  @Test
  void bodyAtTheLimitIsAccepted() {
    byte[] body = ("{\"resourceSpans\":[]" + " ".repeat(LIMIT - 20) + "}").getBytes(UTF_8);
    assertThat(body).hasSize(LIMIT);
    assertThat(
            post(client, OtlpHttpTraceService.PATH, "application/json", "gzip", gzip(body))
                .status())
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void otherMediaTypesAndCodingsAre415() {
    AggregatedHttpResponse text =
        post(client, OtlpHttpTraceService.PATH, "text/plain", null, new byte[0]);
    AggregatedHttpResponse none = post(client, OtlpHttpTraceService.PATH, null, null, new byte[0]);
    AggregatedHttpResponse brotli =
        post(client, OtlpHttpTraceService.PATH, "application/json", "br", new byte[0]);

    assertThat(text.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    assertThat(text.contentUtf8()).contains("unsupported Content-Type 'text/plain'");
    assertThat(none.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    assertThat(brotli.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    assertThat(brotli.contentUtf8()).contains("unsupported Content-Encoding 'br'");
  }

  @Test
  void otherMethodsAre405WithAllow() {
    AggregatedHttpResponse response = client.get(OtlpHttpTraceService.PATH).aggregate().join();

    assertThat(response.status()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
    assertThat(response.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("POST");
  }

  @Test
  void backpressureIs503WithRetryAfterAndRetryInfo() throws Exception {
    sink.failWith(() -> Refusal.overloaded("queue full", Duration.ofMillis(1500)));
    byte[] request = OtlpTraceEncoder.encode(List.of(TestData.span())).toByteArray();

    AggregatedHttpResponse response =
        post(client, OtlpHttpTraceService.PATH, "application/x-protobuf", null, request);

    assertThat(response.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(response.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("2");
    assertThat(response.contentType().toString()).isEqualTo("application/x-protobuf");
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(response.content().array());
    assertThat(status.getCode()).isEqualTo(14);
    assertThat(status.getMessage()).contains("queue full");
    assertThat(status.getDetails(0).unpack(RetryInfo.class).getRetryDelay().getSeconds())
        .isEqualTo(2);
    assertThat(
            counter(
                registry,
                "tracemate_receiver_spans_rejected",
                "receiver",
                "otlp",
                "reason",
                "backpressure"))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void sinkFailureIs500() {
    sink.failWith(() -> new IllegalStateException("disk on fire"));
    AggregatedHttpResponse response =
        post(
            client,
            OtlpHttpTraceService.PATH,
            "application/json",
            null,
            OtlpJson.print(OtlpTraceEncoder.encode(List.of(TestData.span()))).getBytes(UTF_8));

    assertThat(response.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    assertThat(response.contentUtf8()).contains("disk on fire");
  }

  @Test
  void emptyRequestSucceedsWithoutTouchingTheSink() {
    sink.failWith(() -> new AssertionError("the sink must not be called"));
    assertThat(
            post(client, OtlpHttpTraceService.PATH, "application/x-protobuf", null, new byte[0])
                .status())
        .isEqualTo(HttpStatus.OK);
    assertThat(
            post(client, OtlpHttpTraceService.PATH, "application/json", null, "{}".getBytes(UTF_8))
                .status())
        .isEqualTo(HttpStatus.OK);
  }
}
