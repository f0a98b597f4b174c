package io.tracemate.codec.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.tracemate.codec.fuzz.FuzzTokens;
import io.tracemate.testing.fuzz.FuzzTarget;
import io.tracemate.testing.fuzz.Mutant;
import io.tracemate.testing.fuzz.Mutants;
import io.tracemate.testing.fuzz.SeedCorpus;
import java.util.function.Supplier;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;

/**
 * The streaming OTLP/JSON reader against the reader it replaced, which remains the general path for other
 * messages ({@link OtlpJson#mergeThroughTree}: Jackson's tree, hex IDs rewritten, protobuf's JsonFormat): on the
 * fuzzers' mutants of the seed corpora, a body one accepts the other accepts, as the same message, and a body one
 * refuses the other refuses.
 */
class OtlpJsonStreamingFuzzTest {
  static final SeedCorpus TRACES = SeedCorpus.load("otlp-traces-json");
  static final SeedCorpus LOGS = SeedCorpus.load("otlp-logs-json");

  @Provide
  Arbitrary<Mutant> traces() {
    return Mutants.of(TRACES, FuzzTokens.OTLP_JSON);
  }

  @Provide
  Arbitrary<Mutant> logs() {
    return Mutants.of(LOGS, FuzzTokens.OTLP_JSON);
  }

  @FuzzTarget
  void tracesAreReadAsJsonFormatReadsThem(@ForAll("traces") Mutant body) {
    agree(body.bytes(), () -> ExportTraceServiceRequest.newBuilder(), OtlpJson::parseTraceRequest);
  }

  @FuzzTarget
  void logsAreReadAsJsonFormatReadsThem(@ForAll("logs") Mutant body) {
    agree(body.bytes(), () -> ExportLogsServiceRequest.newBuilder(), OtlpJson::parseLogsRequest);
  }

  @Example
  void everySeedIsReadAsJsonFormatReadsIt() {
    TRACES
        .seeds()
        .forEach(
            seed ->
                agree(
                    seed.bytes(),
                    ExportTraceServiceRequest::newBuilder,
                    OtlpJson::parseTraceRequest));
    LOGS.seeds()
        .forEach(
            seed ->
                agree(
                    seed.bytes(),
                    ExportLogsServiceRequest::newBuilder,
                    OtlpJson::parseLogsRequest));
  }

  /** proto3 JSON's corners, each inside a span or a log record, read the same by both readers. */
  @Example
  void proto3JsonCornersAreReadAsJsonFormatReadsThem() {
    String span =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"5B8EFFF798038103D269B633813FC60C\","
            + "\"spanId\":\"eee19b7ec3c1b174\",%s}]}]}]}";
    String record = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{%s}]}]}]}";
    String[] spanFields = {
      "\"startTimeUnixNano\":\"1544712660000000000\"",
      "\"startTimeUnixNano\":1544712660000000000",
      "\"startTimeUnixNano\":\"18446744073709551615\"",
      "\"startTimeUnixNano\":\"18446744073709551616\"",
      "\"startTimeUnixNano\":\"-1\"",
      "\"startTimeUnixNano\":\"1.0e3\"",
      "\"startTimeUnixNano\":\"1.5\"",
      "\"startTimeUnixNano\":1e3",
      "\"startTimeUnixNano\":\"+7\"",
      "\"startTimeUnixNano\":\" 7\"",
      "\"startTimeUnixNano\":true",
      "\"start_time_unix_nano\":\"5\"",
      "\"kind\":\"SPAN_KIND_CONSUMER\"",
      "\"kind\":\"SPAN_KIND_WHATEVER\"",
      "\"kind\":\"3\"",
      "\"kind\":99",
      "\"kind\":1.5",
      "\"kind\":{}",
      "\"droppedAttributesCount\":4294967295",
      "\"droppedAttributesCount\":4294967296",
      "\"droppedAttributesCount\":\"-1\"",
      "\"flags\":\"257\"",
      "\"name\":7",
      "\"name\":true",
      "\"name\":null",
      "\"parentSpanId\":null",
      "\"parent_span_id\":\"7uGbfsPBsXQ=\"",
      "\"parentSpanId\":\"EEE19B7EC3C1B17\"",
      "\"parentSpanId\":\"eee19b7ec3c1b17g\"",
      "\"status\":{\"code\":\"STATUS_CODE_ERROR\",\"message\":\"x\"}",
      "\"status\":{\"code\":2,\"unknown\":[1,{\"a\":null}]}",
      "\"status\":null",
      "\"events\":null",
      "\"events\":[null]",
      "\"events\":{}",
      "\"links\":[{\"traceId\":\"0102\",\"spanId\":\"\",\"flags\":1}]",
      "\"attributes\":[{\"key\":\"a\",\"value\":{\"doubleValue\":\"NaN\"}},"
          + "{\"key\":\"b\",\"value\":{\"doubleValue\":\"-Infinity\"}},"
          + "{\"key\":\"c\",\"value\":{\"doubleValue\":\"1e3\"}},"
          + "{\"key\":\"d\",\"value\":{\"doubleValue\":5}},"
          + "{\"key\":\"e\",\"value\":{\"doubleValue\":0.1}}]",
      "\"attributes\":[{\"key\":\"a\",\"value\":{\"doubleValue\":\"1e999\"}}]",
      "\"attributes\":[{\"key\":\"a\",\"value\":{\"doubleValue\":\"x\"}}]",
      "\"attributes\":[{\"key\":\"a\",\"value\":{\"boolValue\":\"true\"}}]",
      "\"attributes\":[{\"key\":\"a\",\"value\":{\"boolValue\":1}}]",
      "\"attributes\":[{\"key\":\"a\",\"value\":{\"intValue\":\"-9223372036854775808\"}}]",
      "\"attributes\":[{\"key\":\"a\",\"value\":{\"intValue\":\"9223372036854775808\"}}]",
      "\"attributes\":[{\"key\":\"a\",\"value\":{\"intValue\":-12.000}}]",
      "\"attributes\":[{\"key\":\"a\",\"value\":{\"bytesValue\":\"AAH/\"}}]",
      "\"attributes\":[{\"key\":\"a\",\"value\":{\"bytesValue\":\"AAH_\"}}]",
      "\"attributes\":[{\"key\":\"a\",\"value\":{\"bytesValue\":\"AAH\"}}]",
      "\"attributes\":[{\"key\":\"a\",\"value\":{\"bytesValue\":\"!!\"}}]",
      "\"attributes\":[{\"key\":\"a\",\"value\":{\"stringValue\":\"x\",\"intValue\":1}}]",
      "\"attributes\":[{\"key\":\"a\",\"value\":{\"stringValue\":null,\"intValue\":1}}]",
      "\"attributes\":[{\"key\":\"a\",\"value\":{\"string_value\":\"x\"}}]",
      "\"attributes\":[{\"key\":\"a\",\"value\":{\"arrayValue\":{\"values\":[{\"intValue\":1},"
          + "{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":{\"boolValue\":false}}]}}]}}}]",
      "\"attributes\":[{\"key_strindex\":3,\"value\":{\"stringValueStrindex\":4}}]",
      "\"attributes\":{\"key\":\"k\"}",
      "\"attributes\":[{\"key\":\"k\",\"value\":[]}]",
    };
    for (String field : spanFields) {
      agree(
          span.formatted(field).getBytes(java.nio.charset.StandardCharsets.UTF_8),
          ExportTraceServiceRequest::newBuilder,
          OtlpJson::parseTraceRequest);
    }
    String[] recordFields = {
      "\"severityNumber\":\"SEVERITY_NUMBER_WARN\"",
      "\"severityNumber\":17",
      "\"severity_number\":\"SEVERITY_NUMBER_NOPE\"",
      "\"body\":{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":{\"stringValue\":\"v\"}}]}}",
      "\"body\":\"text\"",
      "\"trace_id\":\"W47/95gDgQPSabYzgT/GDA\"",
      "\"trace_id\":\"W47_95gDgQPSabYzgT_GDA==\",\"span_id\":\"7uGbfsPBsXQ\"",
      "\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"EEE19B7EC3C1B174\"",
      "\"observed_time_unix_nano\":\"9\",\"eventName\":\"e\",\"flags\":1",
    };
    for (String field : recordFields) {
      agree(
          record.formatted(field).getBytes(java.nio.charset.StandardCharsets.UTF_8),
          ExportLogsServiceRequest::newBuilder,
          OtlpJson::parseLogsRequest);
    }
    String resource =
        "{\"resourceSpans\":[{\"resource\":{\"attributes\":[],\"droppedAttributesCount\":1,"
            + "\"entityRefs\":[{\"type\":\"service\",\"idKeys\":[\"service.name\"],"
            + "\"description_keys\":[\"service.version\"],\"schemaUrl\":\"u\"}]},\"schemaUrl\":\"s\","
            + "\"scopeSpans\":[{\"scope\":{\"name\":\"n\",\"version\":\"1\"},\"schema_url\":\"t\"}]}]}";
    agree(
        resource.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        ExportTraceServiceRequest::newBuilder,
        OtlpJson::parseTraceRequest);
  }

  /** Gson's quirk, which the tree reader had (see {@link #agree}), is not kept. */
  @Example
  void aOneElementArrayIsNoScalar() {
    byte[] body =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":[\"a\"]}]}]}]}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(OtlpJson.mergeThroughTree(body, ExportTraceServiceRequest.newBuilder()).build())
        .isNotNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OtlpJson.parseTraceRequest(body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resourceSpans[0].scopeSpans[0].spans[0].name: expected a string, got array");
  }

  private static void agree(
      byte[] body,
      Supplier<? extends Message.Builder> builder,
      java.util.function.Function<byte[], ? extends Message> streaming) {
    Message expected;
    String treeRefusal = null;
    try {
      expected = OtlpJson.mergeThroughTree(body, builder.get()).build();
    } catch (IllegalArgumentException e) {
      expected = null;
      treeRefusal = e.getMessage();
    }
    Message actual;
    String streamingRefusal = null;
    try {
      actual = streaming.apply(body);
    } catch (IllegalArgumentException e) {
      actual = null;
      streamingRefusal = e.getMessage();
    }
    if (treeRefusal == null && streamingRefusal != null && streamingRefusal.endsWith("got array")) {
      // A deliberate difference: JsonFormat reads through Gson, whose one-element array reads as
      // its
      // element where a scalar is expected ("name":["a"] was the name "a"); proto3 JSON has no such
      // rule.
      return;
    }
    if (treeRefusal == null
        && streamingRefusal != null
        && streamingRefusal.matches(
            "(?s).*: not an? u?int(32|64) value: -?[0-9.]+[eE][-+]?[0-9]+")) {
      // Another: Jackson's tree held a JSON number with an exponent as a double, so an integer
      // field took
      // 154471266000001e-40000000 (no integer) as 0.0, that is 0; it is refused now.
      return;
    }
    assertThat(streamingRefusal == null)
        .as(
            "accepted by the streaming reader (refused with %s) as by the tree (refused with %s)",
            streamingRefusal, treeRefusal)
        .isEqualTo(treeRefusal == null);
    assertThat(actual).isEqualTo(expected);
  }
}
