package io.tracemate.receivers.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.tracemate.codec.otlp.OtlpJson;
import io.tracemate.testing.otlp.OtlpRequests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The counts taken before decoding, checked against what decoding really builds: for protobuf, the messages,
 * non-empty strings and bytes, and unknown fields of the parsed message, found through protobuf's reflection; for
 * JSON, the values of the tree Jackson builds.
 */
class ObjectCountTest {
  private static final ProtobufShape TRACES =
      ProtobufShape.of(ExportTraceServiceRequest.getDescriptor());

  @Test
  void aProtobufWalkCountsWhatParsingBuilds() throws Exception {
    Random random = new Random(9);
    for (int round = 0; round < 20; round++) {
      ExportTraceServiceRequest request = randomRequest(random);
      byte[] body = request.toByteArray();

      assertThat(TRACES.countObjects(body))
          .as("round %d", round)
          .isEqualTo(built(ExportTraceServiceRequest.parseFrom(body)));
    }
  }

  @Test
  void emptySpansAreOneObjectEach() {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int i = 0; i < 10_000; i++) {
      scope.addSpans(Span.getDefaultInstance());
    }
    byte[] body =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope))
            .build()
            .toByteArray();

    assertThat(body.length).isLessThan(3 * 10_000);
    assertThat(TRACES.countObjects(body)).isEqualTo(3 + 10_000);
  }

  /** Unknown fields (and known numbers in another wire type) are kept by protobuf, one object each. */
  @Test
  void unknownFieldsAndGroupsAreCounted() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    for (int i = 0; i < 1000; i++) {
      out.writeUInt64(99, i); // unknown varint
      out.writeUInt64(1, i); // resource_spans as a varint: unknown to the parser
    }
    out.writeTag(98, com.google.protobuf.WireFormat.WIRETYPE_START_GROUP);
    for (int i = 0; i < 500; i++) {
      out.writeUInt64(5, i); // inside an unknown group: kept field by field
    }
    out.writeTag(98, com.google.protobuf.WireFormat.WIRETYPE_END_GROUP);
    out.writeBytes(97, ByteString.copyFromUtf8("opaque"));
    out.flush();
    byte[] body = bytes.toByteArray();

    long counted = TRACES.countObjects(body);

    assertThat(counted).isEqualTo(built(ExportTraceServiceRequest.parseFrom(body)));
    assertThat(counted).isGreaterThanOrEqualTo(2500);
  }

  @Test
  void aBrokenBodyIsCountedUpToWhereItBreaks() {
    byte[] body = randomRequest(new Random(3)).toByteArray();
    byte[] cut = Arrays.copyOf(body, body.length / 2);
    byte[] garbage = body.clone();
    Arrays.fill(garbage, body.length / 2, body.length, (byte) 0xff);

    assertThat(TRACES.countObjects(cut)).isBetween(1L, TRACES.countObjects(body));
    assertThat(TRACES.countObjects(garbage)).isBetween(1L, TRACES.countObjects(body));
    assertThat(TRACES.countObjects(new byte[] {(byte) 0xff, (byte) 0xff})).isEqualTo(1);
  }

  @Test
  void aHandBuiltShapeDescendsIntoItsMessages() {
    ProtobufShape inner = ProtobufShape.message("Inner").field(1);
    ProtobufShape outer = ProtobufShape.message("Outer").child(1, inner).field(2);
    // Outer { 1: Inner { 1: "x" }, 1: Inner {}, 2: "" }
    byte[] body = {0x0a, 0x03, 0x0a, 0x01, 'x', 0x0a, 0x00, 0x12, 0x00};

    assertThat(outer.countObjects(body)).isEqualTo(1 + 2 + 1);
  }

  @Test
  void jsonValuesAreCountedWithoutBuildingThem() throws Exception {
    ExportTraceServiceRequest request = randomRequest(new Random(5));
    byte[] json = OtlpJson.print(request).getBytes(StandardCharsets.UTF_8);
    com.fasterxml.jackson.databind.JsonNode tree =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);

    assertThat(JsonShape.countValues(json)).isEqualTo(values(tree));
    assertThat(JsonShape.countValues("[{},{},[],1,\"a\",null,true]".getBytes())).isEqualTo(8);
    assertThat(JsonShape.countValues("[{},{},".getBytes())).isEqualTo(3);
    assertThat(JsonShape.countValues("not json".getBytes())).isZero();
  }

  /** A long string or number does not stop the count early (a decoder might accept it and go on). */
  @Test
  void longStringsAndNumbersDoNotStopTheJsonCount() {
    String body = "[\"" + "a".repeat(30_000_000) + "\"," + "9".repeat(5000) + ",{},{}]";

    assertThat(JsonShape.countValues(body.getBytes(StandardCharsets.US_ASCII))).isEqualTo(5);
  }

  private static long values(com.fasterxml.jackson.databind.JsonNode node) {
    long count = 1;
    for (com.fasterxml.jackson.databind.JsonNode child : node) {
      count += values(child);
    }
    return count;
  }

  /** What parsing built: every message, non-empty string or bytes value, and unknown field, counted once. */
  private static long built(Message message) {
    long count = 1 + unknown(message.getUnknownFields());
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      List<?> values =
          field.getKey().isRepeated() ? (List<?>) field.getValue() : List.of(field.getValue());
      for (Object value : values) {
        if (value instanceof Message child) {
          count += built(child);
        } else if (value instanceof String text && !text.isEmpty()) {
          count++;
        } else if (value instanceof ByteString data && !data.isEmpty()) {
          count++;
        }
      }
    }
    return count;
  }

  private static long unknown(UnknownFieldSet fields) {
    long count = 0;
    for (UnknownFieldSet.Field field : fields.asMap().values()) {
      count +=
          field.getVarintList().size()
              + field.getFixed32List().size()
              + field.getFixed64List().size()
              + field.getLengthDelimitedList().size();
      for (UnknownFieldSet group : field.getGroupList()) {
        count += 1 + unknown(group);
      }
    }
    return count;
  }

  /** Spans with every kind of attribute value, nested arrays and maps, events and links. */
  private static ExportTraceServiceRequest randomRequest(Random random) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int s = 0, n = 1 + random.nextInt(30); s < n; s++) {
      Span.Builder span =
          Span.newBuilder()
              .setTraceId(OtlpRequests.traceId(random.nextLong(), random.nextLong()))
              .setSpanId(OtlpRequests.spanId(random.nextLong()))
              .setName(random.nextBoolean() ? "" : "op-" + random.nextInt(9))
              .setStartTimeUnixNano(random.nextLong() & Long.MAX_VALUE);
      for (int a = 0, m = random.nextInt(12); a < m; a++) {
        span.addAttributes(KeyValue.newBuilder().setKey("k" + a).setValue(value(random, 0)));
      }
      for (int e = 0, m = random.nextInt(3); e < m; e++) {
        span.addEvents(
            Span.Event.newBuilder()
                .setName(random.nextBoolean() ? "" : "event")
                .addAttributes(KeyValue.newBuilder().setKey("x").setValue(value(random, 0))));
      }
      if (random.nextBoolean()) {
        span.addLinks(
            Span.Link.newBuilder()
                .setTraceId(OtlpRequests.traceId(1, 2))
                .setSpanId(OtlpRequests.spanId(3)));
      }
      scope.addSpans(span);
    }
    return OtlpRequests.spans("svc-" + random.nextInt(3), scope);
  }

  private static AnyValue value(Random random, int depth) {
    return switch (depth > 2 ? random.nextInt(4) : random.nextInt(7)) {
      case 0 -> AnyValue.newBuilder().setStringValue(random.nextBoolean() ? "" : "v").build();
      case 1 -> AnyValue.newBuilder().setIntValue(random.nextInt()).build();
      case 2 -> AnyValue.newBuilder().setBoolValue(random.nextBoolean()).build();
      case 3 -> AnyValue.newBuilder().setDoubleValue(random.nextDouble()).build();
      case 4 -> AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("b")).build();
      case 5 ->
          AnyValue.newBuilder()
              .setArrayValue(
                  ArrayValue.newBuilder()
                      .addValues(value(random, depth + 1))
                      .addValues(value(random, depth + 1)))
              .build();
      default ->
          AnyValue.newBuilder()
              .setKvlistValue(
                  KeyValueList.newBuilder()
                      .addValues(
                          KeyValue.newBuilder().setKey("n").setValue(value(random, depth + 1))))
              .build();
    };
  }
}
