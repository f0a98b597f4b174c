package io.tracemate.receivers;

import static io.tracemate.receivers.TestHttp.counter;
import static io.tracemate.receivers.TestHttp.gzip;
import static io.tracemate.receivers.TestHttp.post;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.codec.zipkin.ZipkinSpanDecoder;
import io.tracemate.component.Refusal;
import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import io.tracemate.receivers.exchange.ReceiverMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import zipkin2.Endpoint;
import zipkin2.codec.SpanBytesEncoder;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.urlconnection.URLConnectionSender;

class ZipkinHttpServiceTest {
  private static final int LIMIT = 256 * 1024;
  private static final RecordingSink sink = new RecordingSink();
  private static final PrometheusRegistry registry = new PrometheusRegistry();

  @RegisterExtension
  static final ServerExtension server =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          sb.service(
              new ZipkinHttpService(
                  sink, TestData.anyAge(LIMIT), ReceiverMetrics.forSpans(registry)));
        }
      };

  static final List<zipkin2.Span> SPANS =
      List.of(
          zipkin2.Span.newBuilder()
              .traceId("463ac35c9f6413ad48485a3953bb6124")
              .id("a2fb4a1d1a96d312")
              .parentId("0020000000000001")
              .name("get /api")
              .kind(zipkin2.Span.Kind.CLIENT)
              .timestamp(1_700_000_000_123_456L)
              .duration(2_500L)
              .localEndpoint(
                  Endpoint.newBuilder()
                      .serviceName("frontend")
                      .ip("192.168.99.101")
                      .port(9000)
                      .build())
              .remoteEndpoint(
                  Endpoint.newBuilder().serviceName("backend").ip("10.0.0.2").port(8080).build())
              .addAnnotation(1_700_000_000_124_000L, "wire send")
              .putTag("http.method", "GET")
              .putTag("error", "refused")
              .build(),
          zipkin2.Span.newBuilder()
              .traceId("48485a3953bb6124")
              .id("b2fb4a1d1a96d312")
              .name("local")
              .shared(true)
              .timestamp(1_700_000_000_200_000L)
              .duration(100L)
              .localEndpoint(Endpoint.newBuilder().serviceName("backend").build())
              .build());

  private WebClient client;

  @BeforeEach
  void setUp() {
    sink.reset();
    client = WebClient.of(server.httpUri());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Encoding.class,
      names = {"JSON", "PROTO3"})
  void zipkinReporterDeliversSpans(Encoding encoding) {
    // URLConnectionSender gzips by default, so this also covers Content-Encoding: gzip.
    URLConnectionSender sender =
        URLConnectionSender.newBuilder()
            .endpoint(server.httpUri() + ZipkinHttpService.PATH)
            .encoding(encoding)
            .build();
    try (AsyncReporter<zipkin2.Span> reporter =
        AsyncReporter.builder((BytesMessageSender) sender)
            .build(
                encoding == Encoding.JSON
                    ? zipkin2.reporter.SpanBytesEncoder.JSON_V2
                    : zipkin2.reporter.SpanBytesEncoder.PROTO3)) {
      SPANS.forEach(reporter::report);
      reporter.flush();
    } finally {
      sender.close();
    }

    List<Span> received = sink.spans();
    assertThat(received)
        .isEqualTo(ZipkinSpanDecoder.decodeJson(SpanBytesEncoder.JSON_V2.encodeList(SPANS)));
    Span client = received.getFirst();
    assertThat(client.traceId().toHex()).isEqualTo("463ac35c9f6413ad48485a3953bb6124");
    assertThat(client.serviceName()).isEqualTo("frontend");
    assertThat(client.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(client.startEpochNanos()).isEqualTo(1_700_000_000_123_456_000L);
    assertThat(client.status().isError()).isTrue();
    assertThat(received.get(1).traceId().high()).isZero();
    assertThat(counter(registry, "tracemate_receiver_spans_accepted", "receiver", "zipkin"))
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void acceptsJsonWithoutContentTypeAnd202sWithAnEmptyBody() {
    AggregatedHttpResponse response =
        post(
            client, ZipkinHttpService.PATH, null, null, SpanBytesEncoder.JSON_V2.encodeList(SPANS));

    assertThat(response.status()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(response.content().isEmpty()).isTrue();
    assertThat(sink.spans()).hasSize(2);
  }

  @Test
  void acceptsGzippedProto3() {
    AggregatedHttpResponse response =
        post(
            client,
            ZipkinHttpService.PATH,
            "application/x-protobuf",
            "gzip",
            gzip(SpanBytesEncoder.PROTO3.encodeList(SPANS)));

    assertThat(response.status()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(sink.spans()).hasSize(2);
  }

  @Test
  void malformedBodyIs400WithZipkinsMessage() {
    AggregatedHttpResponse json =
        post(
            client,
            ZipkinHttpService.PATH,
            "application/json",
            null,
            "[{\"traceId\":\"zz\"}]".getBytes(UTF_8));
    AggregatedHttpResponse proto =
        post(
            client,
            ZipkinHttpService.PATH,
            "application/x-protobuf",
            null,
            new byte[] {10, 50, 1, 2});

    assertThat(json.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json.contentType().toString()).startsWith("text/plain");
    assertThat(json.contentUtf8())
        .startsWith("cannot decode Zipkin spans: ")
        .contains("zz should be lower-hex encoded");
    assertThat(proto.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(sink.spans()).isEmpty();
    assertThat(
            counter(
                registry,
                "tracemate_receiver_requests_rejected",
                "receiver",
                "zipkin",
                "reason",
                "malformed"))
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void bodyOverTheLimitAfterDecompressionIs413() {
    byte[] inflated = ("[" + " ".repeat(1024 * 1024) + "]").getBytes(UTF_8);

    AggregatedHttpResponse response =
        post(client, ZipkinHttpService.PATH, "application/json", "gzip", gzip(inflated));

    assertThat(response.status()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
    assertThat(response.contentUtf8()).contains("exceeds the limit of " + LIMIT + " bytes");
  }

  @Test
  void otherMediaTypesAre415AndOtherMethods405() {
    AggregatedHttpResponse thrift =
        post(client, ZipkinHttpService.PATH, "application/x-thrift", null, new byte[1]);
    AggregatedHttpResponse get = client.get(ZipkinHttpService.PATH).aggregate().join();

    assertThat(thrift.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    assertThat(thrift.contentUtf8()).contains("application/x-thrift");
    assertThat(get.status()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
    assertThat(get.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("POST");
  }

  @Test
  void backpressureIs503WithRetryAfter() {
    sink.failWith(() -> Refusal.overloaded("queue full", Duration.ofSeconds(3)));

    AggregatedHttpResponse response =
        post(
            client,
            ZipkinHttpService.PATH,
            "application/json",
            null,
            SpanBytesEncoder.JSON_V2.encodeList(SPANS));

    assertThat(response.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(response.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("3");
    assertThat(response.contentUtf8()).contains("queue full");
  }

  /** zipkin.proto: trace_id is 8 or 16 bytes, id and parent_id 8; zipkin2 alone would left-pad the others. */
  @ParameterizedTest(name = "traceId {0} bytes, id {1}, parentId {2}")
  @CsvSource({
    "7, 8, 0",
    "9, 8, 0",
    "15, 8, 8",
    "17, 8, 0",
    "16, 7, 0",
    "16, 9, 8",
    "8, 8, 9",
    "16, 8, 4"
  })
  void proto3IdsOfTheWrongLengthAre400AndNothingIsStored(
      int traceIdBytes, int idBytes, int parentIdBytes) {
    byte[] body = proto3Spans(validProto3Span(), proto3Span(traceIdBytes, idBytes, parentIdBytes));

    AggregatedHttpResponse response =
        post(client, ZipkinHttpService.PATH, "application/x-protobuf", null, body);

    assertThat(response.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    String field =
        traceIdBytes != 8 && traceIdBytes != 16
            ? "traceId has " + traceIdBytes
            : idBytes != 8 ? "id has " + idBytes : "parentId has " + parentIdBytes;
    assertThat(response.contentUtf8())
        .startsWith("cannot decode Zipkin spans: span 1: " + field + " bytes");
    assertThat(sink.spans()).isEmpty();
  }

  @ParameterizedTest(name = "traceId {0} bytes, parentId {1}")
  @CsvSource({"8, 0", "16, 0", "16, 8"})
  void proto3IdsOfValidLengthsAreKeptAsSent(int traceIdBytes, int parentIdBytes) {
    byte[] body = proto3Spans(proto3Span(traceIdBytes, 8, parentIdBytes));

    AggregatedHttpResponse response =
        post(client, ZipkinHttpService.PATH, "application/x-protobuf", null, body);

    assertThat(response.status()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(sink.spans()).hasSize(1);
    Span span = sink.spans().get(0);
    String traceHex = hex(0x11, traceIdBytes);
    assertThat(span.traceId().toHex())
        .isEqualTo(traceIdBytes == 8 ? "0".repeat(16) + traceHex : traceHex);
    assertThat(span.spanId().toHex()).isEqualTo(hex(0x31, 8));
    assertThat(span.parentSpanId().toHex())
        .isEqualTo(parentIdBytes == 8 ? hex(0x51, 8) : "0".repeat(16));
  }

  /** A proto3 span with IDs of the given lengths (a parent ID of 0 bytes is absent). */
  private static byte[] proto3Span(int traceIdBytes, int idBytes, int parentIdBytes) {
    try {
      ByteArrayOutputStream span = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(span);
      out.writeBytes(1, ByteString.copyFrom(idBytes(0x11, traceIdBytes)));
      if (parentIdBytes > 0) {
        out.writeBytes(2, ByteString.copyFrom(idBytes(0x51, parentIdBytes)));
      }
      out.writeBytes(3, ByteString.copyFrom(idBytes(0x31, idBytes)));
      out.writeString(5, "get /api");
      out.writeFixed64(6, 1_700_000_000_123_456L);
      out.writeUInt64(7, 2_500L);
      out.flush();
      return span.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] validProto3Span() {
    return proto3Span(16, 8, 8);
  }

  /** A ListOfSpans (field 1, repeated Span). */
  private static byte[] proto3Spans(byte[]... spans) {
    try {
      ByteArrayOutputStream list = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(list);
      for (byte[] span : spans) {
        out.writeByteArray(1, span);
      }
      out.flush();
      return list.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code length} bytes counting up from {@code first}. */
  private static byte[] idBytes(int first, int length) {
    byte[] id = new byte[length];
    for (int i = 0; i < length; i++) {
      id[i] = (byte) (first + i);
    }
    return id;
  }

  private static String hex(int first, int length) {
    return java.util.HexFormat.of().formatHex(idBytes(first, length));
  }
}
