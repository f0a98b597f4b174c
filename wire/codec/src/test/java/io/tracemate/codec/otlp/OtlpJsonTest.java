package io.tracemate.codec.otlp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracemate.codec.TestSpans;
import io.tracemate.model.Attribute;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OtlpJsonTest {

  @Test
  void parsesTheOfficialExampleWithUppercaseHexAndNumericTimes() throws IOException {
    byte[] json;
    try (InputStream in = getClass().getResourceAsStream("/otlp-example-trace.json")) {
      json = in.readAllBytes();
    }

    DecodedSpans decoded = OtlpTraceDecoder.decode(OtlpJson.parseTraceRequest(json));

    assertThat(decoded.rejectedCount()).isZero();
    Span span = decoded.spans().getFirst();
    assertThat(span.traceId()).isEqualTo(TraceId.fromHex("5b8efff798038103d269b633813fc60c"));
    assertThat(span.spanId()).isEqualTo(SpanId.fromHex("eee19b7ec3c1b174"));
    assertThat(span.parentSpanId()).isEqualTo(SpanId.fromHex("eee19b7ec3c1b173"));
    assertThat(span.name()).isEqualTo("I'm a server span");
    assertThat(span.kind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.startEpochNanos()).isEqualTo(1544712660000000000L);
    assertThat(span.endEpochNanos()).isEqualTo(1544712661000000000L);
    assertThat(span.attributes()).containsExactly(Attribute.of("my.span.attr", "some value"));
    assertThat(span.serviceName()).isEqualTo("my.service");
    assertThat(span.scope().name()).isEqualTo("my.library");
    assertThat(span.scope().version()).isEqualTo("1.0.0");
    assertThat(span.scope().attributes())
        .containsExactly(Attribute.of("my.scope.attribute", "some scope attribute"));
  }

  @Test
  void printThenParseIsLossless() {
    List<Span> spans =
        List.of(
            TestSpans.rich(),
            TestSpans.rich().toBuilder()
                .parentSpanId(SpanId.NONE)
                .traceId(new TraceId(0, 99))
                .resource(TestSpans.PAYMENTS)
                .build());

    String json = OtlpJson.print(OtlpTraceEncoder.encode(spans));
    List<Span> parsed =
        OtlpTraceDecoder.decode(OtlpJson.parseTraceRequest(json.getBytes(UTF_8))).spans();

    assertThat(parsed).isEqualTo(spans);
  }

  @Test
  void printsOtlpJsonConventions() {
    Span root = TestSpans.rich().toBuilder().parentSpanId(SpanId.NONE).build();

    String json = OtlpJson.print(OtlpTraceEncoder.encodeTracesData(List.of(root)));

    assertThat(json)
        .contains("\"resourceSpans\":[")
        .contains("\"traceId\":\"5b8efff798038103d269b633813fc60c\"")
        .contains("\"spanId\":\"eee19b7ec3c1b174\"")
        .contains(
            "\"traceId\":\"00000000000000010000000000000002\",\"spanId\":\"0000000000000003\"")
        .contains("\"kind\":2")
        .contains("\"code\":2")
        .contains("\"startTimeUnixNano\":\"1544712660000000001\"")
        .contains("\"intValue\":\"-42\"")
        .contains("\"bytesValue\":\"AAH/\"")
        .doesNotContain("parentSpanId")
        .doesNotContain("\n");
  }

  @Test
  void acceptsInt64AsNumberOrStringAndIgnoresUnknownFields() {
    String json =
        """
        {"resourceSpans":[{"futureField":{"x":[1,2]},"scopeSpans":[{"spans":[
          {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"",
           "startTimeUnixNano":"5","endTimeUnixNano":6,"kind":3,"unknownEnumLike":"SPAN_KIND_SERVER",
           "attributes":[{"key":"a","value":{"intValue":7}},{"key":"b","value":{"intValue":"-8"}},
                         {"key":"c","value":{"doubleValue":"NaN"}}]}]}]}],"extra":true}
        """;

    Span span =
        OtlpTraceDecoder.decode(OtlpJson.parseTraceRequest(json.getBytes(UTF_8)))
            .spans()
            .getFirst();

    assertThat(span.startEpochNanos()).isEqualTo(5);
    assertThat(span.endEpochNanos()).isEqualTo(6);
    assertThat(span.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.isRoot()).isTrue();
    assertThat(span.attributes())
        .containsExactly(
            Attribute.of("a", 7L), Attribute.of("b", -8L), Attribute.of("c", Double.NaN));
  }

  @Test
  void printsEmptyResponseAsEmptyObjectAndPartialSuccessWithStrings() {
    assertThat(OtlpJson.print(ExportTraceServiceResponse.getDefaultInstance())).isEqualTo("{}");
    ExportTraceServiceResponse partial =
        ExportTraceServiceResponse.newBuilder()
            .setPartialSuccess(
                ExportTracePartialSuccess.newBuilder().setRejectedSpans(3).setErrorMessage("why"))
            .build();
    assertThat(OtlpJson.print(partial))
        .isEqualTo("{\"partialSuccess\":{\"rejectedSpans\":\"3\",\"errorMessage\":\"why\"}}");
  }

  @Test
  void printsRpcStatusWithDetails() {
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(3)
            .setMessage("bad")
            .addDetails(
                Any.pack(
                    BadRequest.newBuilder()
                        .addFieldViolations(
                            BadRequest.FieldViolation.newBuilder()
                                .setField("resourceSpans[0]")
                                .setDescription("x"))
                        .build()))
            .build();

    assertThat(OtlpJson.print(status))
        .contains("\"message\":\"bad\"")
        .contains("\"@type\":\"type.googleapis.com/google.rpc.BadRequest\"")
        .contains("\"field\":\"resourceSpans[0]\"");
  }

  @Test
  void printsQuotesAndNonAsciiReadably() {
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder().setMessage("scope 'x' <é>").build();
    assertThat(OtlpJson.print(status)).isEqualTo("{\"message\":\"scope 'x' <é>\"}");
  }

  @Test
  void mergeParsesOtherOtlpMessages() {
    String json =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"01\",\"links\":"
            + "[{\"spanId\":\"ABCDEF0123456789\"}]}]}]}]}";
    TracesData data = OtlpJson.merge(json.getBytes(UTF_8), TracesData.newBuilder()).build();
    var span = data.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(span.getTraceId().toByteArray()).containsExactly(1);
    assertThat(span.getLinks(0).getSpanId().toByteArray())
        .containsExactly(0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      {"resourceSpans":[{"scopeSpans":[{},{"spans":[{},{},{"traceId":"xyz"}]}]}]} | resourceSpans[0].scopeSpans[1].spans[2].traceId: 'xyz' is not hex
      {"resourceSpans":[{"scopeSpans":[{"spans":[{"links":[{"spanId":"abc"}]}]}]}]} | resourceSpans[0].scopeSpans[0].spans[0].links[0].spanId: 'abc' is not hex
      {"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":12}]}]}]} | resourceSpans[0].scopeSpans[0].spans[0].spanId: expected a hex string, got number
      {"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"a"},{"startTimeUnixNano":"soon"}]}]}]} | resourceSpans[0].scopeSpans[0].spans[1].startTimeUnixNano:
      {"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"k","value":{"intValue":"1.5x"}}]}]}]}]} | resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.intValue:
      {"resourceSpans":[{"resource":{"attributes":{"key":"k"}}}]} | resourceSpans[0].resource.attributes:
      {"resourceSpans":[{"scopeSpans":[{"spans":[{"droppedLinksCount":-1}]}]}]} | resourceSpans[0].scopeSpans[0].spans[0].droppedLinksCount:
      {"resourceSpans":5} | resourceSpans:
      {"resourceSpans":[{"scopeSpans": | malformed JSON at line 1, column
      [1,2] | expected a JSON object at the top level, got array
      '' | the request body is empty
      """)
  void errorsSayWhatAndWhere(String json, String expectedStart) {
    assertThatThrownBy(() -> OtlpJson.parseTraceRequest(json.getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .startsWith(expectedStart.strip())
                    .doesNotEndWith(": ")
                    .doesNotEndWith(":"));
  }

  @Test
  void parsedIdsOfWrongLengthAreLeftForTheDecoderToReject() {
    String json =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"0102\",\"spanId\":\"0102030405060708\"}]}]}]}";
    ExportTraceServiceRequest request = OtlpJson.parseTraceRequest(json.getBytes(UTF_8));
    assertThat(OtlpTraceDecoder.decode(request).errorMessage())
        .isEqualTo("1 span rejected: span 0 of scope '' has a trace ID of 2 bytes (want 16)");
  }

  /**
   * Found by fuzzing (corpus seed {@code crash-utf32-nul-prefix.json}): three NUL bytes before a JSON object make
   * Jackson read the body as UTF-32, which fails with a {@code CharConversionException}; it was rethrown as an
   * {@code UncheckedIOException} and answered 500. A body that is not JSON is the client's error.
   */
  @Test
  void aBodyJacksonTakesForUtf32IsMalformedJsonNotAServerFailure() {
    byte[] body = "\0\0\0{\"streams\":[]}".getBytes(UTF_8);

    assertThatThrownBy(() -> OtlpJson.parseTraceRequest(body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed JSON: Invalid UTF-32 character");
  }

  /**
   * Found by fuzzing the streaming reader (corpus seed {@code crash-exponent-expansion.json}): an integer field's
   * {@code 154471266000001e-40000000} was made an exact BigInteger through its 40-million-digit expansion, 35 GB
   * allocated for a 1.2 kB body. The exponent is read without expanding it; a fraction or more than 20 digits is
   * refused at once, and a tiny double is zero.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      "startTimeUnixNano":154471266000001e-40000000 | spans[0].startTimeUnixNano: not a uint64 value
      "startTimeUnixNano":"1e40000000" | spans[0].startTimeUnixNano: out of range uint64 value
      "attributes":[{"key":"a","value":{"intValue":"-7E+99999999"}}] | spans[0].attributes[0].value.intValue: out of range int64 value
      "droppedAttributesCount":"1e-99999999" | spans[0].droppedAttributesCount: not a uint32 value
      """)
  void anExponentIsNotExpanded(String field, String expected) {
    byte[] body =
        ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{" + field + "}]}]}]}").getBytes(UTF_8);

    assertThatThrownBy(() -> OtlpJson.parseTraceRequest(body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("resourceSpans[0].scopeSpans[0]." + expected);
  }

  @Test
  void aDoubleBelowTheSmallestIsZero() {
    String json =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\","
            + "\"spanId\":\"eee19b7ec3c1b174\",\"attributes\":[{\"key\":\"a\",\"value\":"
            + "{\"doubleValue\":\"-5e-99999999\"}}]}]}]}]}";

    Span span =
        OtlpTraceDecoder.decode(OtlpJson.parseTraceRequest(json.getBytes(UTF_8)))
            .spans()
            .getFirst();

    assertThat(span.attributes()).containsExactly(Attribute.of("a", -0.0));
  }

  @Test
  void nestingAndStringLengthAreBounded() {
    String deep = "{\"arrayValue\":{\"values\":[".repeat(40) + "]}}".repeat(40);
    byte[] nested =
        ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"attributes\":[{\"key\":\"a\",\"value\":"
                + deep
                + "}]}]}]}]}")
            .getBytes(UTF_8);
    assertThatThrownBy(() -> OtlpJson.parseTraceRequest(nested))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("JSON beyond this server's limits at line 1, column")
        .hasMessageContaining("nesting depth");

    byte[] longString =
        ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\""
                + "x".repeat(OtlpJson.MAX_STRING_CHARS + 1)
                + "\"}]}]}]}")
            .getBytes(UTF_8);
    assertThatThrownBy(() -> OtlpJson.parseTraceRequest(longString))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("JSON beyond this server's limits")
        .hasMessageContaining("String value length");
  }
}
