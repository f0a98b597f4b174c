package io.tracemate.codec.zipkin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.model.Attribute;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanEvent;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import zipkin2.Endpoint;
import zipkin2.codec.SpanBytesEncoder;

class ZipkinSpanDecoderTest {

  static final zipkin2.Span CLIENT =
      zipkin2.Span.newBuilder()
          .traceId("463ac35c9f6413ad48485a3953bb6124")
          .id("a2fb4a1d1a96d312")
          .parentId("0020000000000001")
          .name("get /api")
          .kind(zipkin2.Span.Kind.CLIENT)
          .timestamp(1_700_000_000_123_456L)
          .duration(2_500L)
          .localEndpoint(
              Endpoint.newBuilder().serviceName("frontend").ip("192.168.99.101").port(9000).build())
          .remoteEndpoint(
              Endpoint.newBuilder().serviceName("backend").ip("2001:db8::c001").port(8080).build())
          .addAnnotation(1_700_000_000_124_000L, "wire send")
          .putTag("http.method", "GET")
          .putTag("error", "connection refused")
          .debug(true)
          .build();

  static final zipkin2.Span SHARED_SERVER =
      zipkin2.Span.newBuilder()
          .traceId("48485a3953bb6124")
          .id("b2fb4a1d1a96d312")
          .name("get")
          .kind(zipkin2.Span.Kind.SERVER)
          .shared(true)
          .timestamp(1_700_000_000_200_000L)
          .duration(100L)
          .localEndpoint(
              Endpoint.newBuilder().serviceName("backend").ip("10.0.0.2").ip("::1").build())
          .build();

  static final zipkin2.Span LOCAL_WITHOUT_TIMESTAMP =
      zipkin2.Span.newBuilder()
          .traceId("48485a3953bb6124")
          .id("c2fb4a1d1a96d312")
          .addAnnotation(1_700_000_000_300_000L, "b")
          .addAnnotation(1_700_000_000_250_000L, "a")
          .localEndpoint(Endpoint.newBuilder().serviceName("backend").build())
          .build();

  static Stream<Arguments> encodings() {
    Function<List<zipkin2.Span>, List<Span>> json =
        spans -> ZipkinSpanDecoder.decodeJson(SpanBytesEncoder.JSON_V2.encodeList(spans));
    Function<List<zipkin2.Span>, List<Span>> proto3 =
        spans -> ZipkinSpanDecoder.decodeProto3(SpanBytesEncoder.PROTO3.encodeList(spans));
    return Stream.of(Arguments.of("JSON_V2", json), Arguments.of("PROTO3", proto3));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void mapsAClientSpan(String encoding, Function<List<zipkin2.Span>, List<Span>> decode) {
    Span span = decode.apply(List.of(CLIENT)).getFirst();

    assertThat(span.traceId()).isEqualTo(TraceId.fromHex("463ac35c9f6413ad48485a3953bb6124"));
    assertThat(span.spanId()).isEqualTo(SpanId.fromHex("a2fb4a1d1a96d312"));
    assertThat(span.parentSpanId()).isEqualTo(SpanId.fromHex("0020000000000001"));
    assertThat(span.name()).isEqualTo("get /api");
    assertThat(span.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.startEpochNanos()).isEqualTo(1_700_000_000_123_456_000L);
    assertThat(span.endEpochNanos()).isEqualTo(1_700_000_000_125_956_000L);
    assertThat(span.serviceName()).isEqualTo("frontend");
    assertThat(span.resource())
        .isEqualTo(new Resource(List.of(Attribute.of("service.name", "frontend")), 0));
    assertThat(span.events())
        .containsExactly(new SpanEvent(1_700_000_000_124_000_000L, "wire send", List.of(), 0));
    assertThat(span.status()).isEqualTo(new Status(StatusCode.ERROR, "connection refused"));
    assertThat(span.attributes())
        .containsExactly(
            Attribute.of("http.method", "GET"),
            Attribute.of("network.local.address", "192.168.99.101"),
            Attribute.of("network.local.port", 9000L),
            Attribute.of("peer.service", "backend"),
            Attribute.of("network.peer.address", "2001:db8::c001"),
            Attribute.of("network.peer.port", 8080L),
            Attribute.of("zipkin.debug", true));
    assertThat(span.traceState()).isEmpty();
    assertThat(span.flags()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void mapsSharedServerAnd64BitIdsAndLateHalves(
      String encoding, Function<List<zipkin2.Span>, List<Span>> decode) {
    List<Span> spans = decode.apply(List.of(SHARED_SERVER, LOCAL_WITHOUT_TIMESTAMP));

    Span server = spans.get(0);
    assertThat(server.traceId()).isEqualTo(new TraceId(0, 0x48485a3953bb6124L));
    assertThat(server.isRoot()).isTrue();
    assertThat(server.kind()).isEqualTo(SpanKind.SERVER);
    assertThat(server.status()).isEqualTo(Status.UNSET);
    assertThat(server.attributes())
        .containsExactly(
            Attribute.of("network.local.address", "10.0.0.2"),
            Attribute.of("zipkin.local_endpoint.ipv6", "::1"),
            Attribute.of("zipkin.shared", true));

    Span local = spans.get(1);
    assertThat(local.kind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(local.name()).isEmpty();
    assertThat(local.startEpochNanos()).isEqualTo(1_700_000_000_250_000_000L);
    assertThat(local.endEpochNanos()).isEqualTo(local.startEpochNanos());
    assertThat(local.resource()).as("one resource per service name").isSameAs(server.resource());
  }

  @Test
  void emptyListsDecode() {
    assertThat(ZipkinSpanDecoder.decodeJson("[]".getBytes(UTF_8))).isEmpty();
    assertThat(ZipkinSpanDecoder.decodeProto3(new byte[0])).isEmpty();
  }

  @Test
  void timesPastSignedNanosKeepTheTimeSentAsUnsignedNanosInsteadOfWrappingAround() {
    String json =
        "[{\"traceId\":\"0000000000000001\",\"id\":\"0000000000000002\",\"timestamp\":16725225600000000,"
            + "\"duration\":5},{\"traceId\":\"0000000000000001\",\"id\":\"0000000000000003\","
            + "\"timestamp\":9223372036854775807},{\"traceId\":\"0000000000000001\",\"id\":\"0000000000000004\","
            + "\"timestamp\":1700000000000000,\"duration\":9223372036854775807}]";

    List<Span> spans = ZipkinSpanDecoder.decodeJson(json.getBytes(UTF_8));

    assertThat(Long.toUnsignedString(spans.get(0).startEpochNanos()))
        .as("2500-01-01")
        .isEqualTo("16725225600000000000");
    assertThat(Long.toUnsignedString(spans.get(0).endEpochNanos()))
        .isEqualTo("16725225600000005000");
    assertThat(spans.get(1).startEpochNanos())
        .as("past 2554: the largest unsigned value")
        .isEqualTo(-1L);
    assertThat(spans.get(2).startEpochNanos()).isEqualTo(1_700_000_000_000_000_000L);
    assertThat(spans.get(2).endEpochNanos()).as("an end past 2554 saturates too").isEqualTo(-1L);
  }

  @Test
  void spanWithoutLocalServiceHasEmptyResource() {
    String json =
        "[{\"traceId\":\"0000000000000001\",\"id\":\"0000000000000002\",\"timestamp\":1}]";
    assertThat(ZipkinSpanDecoder.decodeJson(json.getBytes(UTF_8)).getFirst().resource())
        .isSameAs(Resource.EMPTY);
  }

  @Test
  void invalidInputIsAnIllegalArgumentWithZipkinsMessage() {
    assertThatThrownBy(() -> ZipkinSpanDecoder.decodeJson("{\"traceId\":1".getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("List<Span>");
    assertThatThrownBy(
            () -> ZipkinSpanDecoder.decodeJson("[{\"id\":\"0000000000000002\"}]".getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("traceId");
    assertThatThrownBy(() -> ZipkinSpanDecoder.decodeProto3(new byte[] {10, 50, 1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void allZeroIdsAreRejected() {
    String json = "[{\"traceId\":\"0000000000000000\",\"id\":\"0000000000000002\"}]";
    assertThatThrownBy(() -> ZipkinSpanDecoder.decodeJson(json.getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("all zeros");
  }

  /** Field 1 of ListOfSpans holding one span with a trace ID of {@code traceIdBytes} bytes and an 8-byte id. */
  private static byte[] proto3WithTraceIdOf(int traceIdBytes) {
    byte[] span = new byte[2 + traceIdBytes + 2 + 8];
    span[0] = 10; // field 1 (trace_id), length-delimited
    span[1] = (byte) traceIdBytes;
    java.util.Arrays.fill(span, 2, 2 + traceIdBytes, (byte) 7);
    span[2 + traceIdBytes] = 26; // field 3 (id), length-delimited
    span[3 + traceIdBytes] = 8;
    java.util.Arrays.fill(span, 4 + traceIdBytes, span.length, (byte) 9);
    byte[] list = new byte[2 + span.length];
    list[0] = 10; // ListOfSpans.spans
    list[1] = (byte) span.length;
    System.arraycopy(span, 0, list, 2, span.length);
    return list;
  }

  @Test
  void proto3TraceIdsOf8Or16BytesAreReadAndOthersRefusedInsteadOfPadded() {
    assertThat(ZipkinSpanDecoder.decodeProto3(proto3WithTraceIdOf(8)).getFirst().traceId().toHex())
        .isEqualTo("0000000000000000" + "07".repeat(8));
    assertThat(ZipkinSpanDecoder.decodeProto3(proto3WithTraceIdOf(16)).getFirst().traceId().toHex())
        .isEqualTo("07".repeat(16));
    for (int length : new int[] {1, 7, 9, 15}) {
      assertThatThrownBy(() -> ZipkinSpanDecoder.decodeProto3(proto3WithTraceIdOf(length)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("span 0: traceId has " + length + " bytes; a trace ID has 8 or 16");
    }
  }
}
