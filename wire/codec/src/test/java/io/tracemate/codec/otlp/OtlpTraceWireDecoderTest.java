package io.tracemate.codec.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.tracemate.codec.TestSpans;
import io.tracemate.testing.fuzz.SeedCorpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The wire decoder against the reference it replaces on the ingest path: protobuf's generated parser followed by
 * {@link OtlpTraceDecoder#decode(ExportTraceServiceRequest)}. Every input must give the same outcome: the same
 * spans and rejections, or a refusal from both.
 */
class OtlpTraceWireDecoderTest {
  private static final ByteString TRACE_ID = hex("5b8efff798038103d269b633813fc60c");
  private static final ByteString SPAN_ID = hex("eee19b7ec3c1b174");

  /** What a decoder made of some bytes: its spans, or that it refused them. */
  record Outcome(DecodedSpans decoded, boolean refused) {
    static Outcome reference(byte[] bytes) {
      try {
        return new Outcome(
            OtlpTraceDecoder.decode(ExportTraceServiceRequest.parseFrom(bytes)), false);
      } catch (InvalidProtocolBufferException e) {
        return new Outcome(null, true);
      }
    }

    static Outcome wire(byte[] bytes) {
      // an offset into a larger array, as the receivers hand their buffers over
      byte[] padded = new byte[bytes.length + 7];
      System.arraycopy(bytes, 0, padded, 3, bytes.length);
      try {
        DecodedSpans decoded = OtlpTraceDecoder.decode(padded, 3, bytes.length);
        return new Outcome(decoded, false);
      } catch (InvalidProtocolBufferException e) {
        assertThat(e.getMessage()).isNotBlank();
        return new Outcome(null, true);
      }
    }
  }

  static void assertSameOutcome(byte[] bytes) {
    Outcome reference = Outcome.reference(bytes);
    Outcome wire = Outcome.wire(bytes);
    assertThat(wire)
        .as("outcome for %s", HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 64)))
        .isEqualTo(reference);
  }

  @Test
  void decodesEverySpanShapeAsTheGeneratedParserDoes() {
    List<io.tracemate.model.Span> spans =
        List.of(
            TestSpans.rich(),
            TestSpans.rich().toBuilder().resource(TestSpans.PAYMENTS).build(),
            TestSpans.rich().toBuilder().scope(TestSpans.HTTP_SCOPE).name("other").build());
    byte[] bytes = OtlpTraceEncoder.encode(spans).toByteArray();

    Outcome wire = Outcome.wire(bytes);

    assertThat(wire.refused()).isFalse();
    assertThat(wire.decoded().spans()).containsExactlyInAnyOrderElementsOf(spans);
    assertSameOutcome(bytes);
  }

  @Test
  void everySeedOfTheFuzzCorpusGivesTheSameOutcome() {
    SeedCorpus.load("otlp-traces-protobuf")
        .seeds()
        .forEach(seed -> assertSameOutcome(seed.bytes()));
  }

  @Test
  void everyTruncationAndEveryFlippedByteOfARichRequestGivesTheSameOutcome() {
    byte[] bytes =
        OtlpTraceEncoder.encode(
                List.of(TestSpans.rich(), TestSpans.rich().toBuilder().name("second").build()))
            .toByteArray();
    for (int length = 0; length < bytes.length; length++) {
      assertSameOutcome(Arrays.copyOf(bytes, length));
    }
    for (int at = 0; at < bytes.length; at++) {
      for (int change : new int[] {0x01, 0x08, 0x80}) {
        byte[] mutated = bytes.clone();
        mutated[at] ^= (byte) change;
        assertSameOutcome(mutated);
      }
      for (int value : new int[] {0x00, 0xff}) {
        byte[] mutated = bytes.clone();
        mutated[at] = (byte) value;
        assertSameOutcome(mutated);
      }
    }
  }

  @Test
  void spansWithUnusableIdsAreRejectedAndNamedWithTheirScope() {
    ScopeSpans.Builder scope =
        ScopeSpans.newBuilder()
            .setScope(InstrumentationScope.newBuilder().setName("lib"))
            .addSpans(span().setTraceId(hex("01")))
            .addSpans(span().setTraceId(ByteString.copyFrom(new byte[16])))
            .addSpans(span().setSpanId(hex("0102")))
            .addSpans(span().setSpanId(ByteString.copyFrom(new byte[8])))
            .addSpans(span().setParentSpanId(hex("010203")))
            .addSpans(span().setParentSpanId(ByteString.copyFrom(new byte[8])))
            .addSpans(span());
    byte[] bytes =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope))
            .build()
            .toByteArray();

    Outcome wire = Outcome.wire(bytes);

    assertThat(wire.decoded().spans()).hasSize(2);
    assertThat(wire.decoded().rejectedCount()).isEqualTo(5);
    assertThat(wire.decoded().errorMessage()).contains("span 0 of scope 'lib' has a trace ID of 1");
    assertSameOutcome(bytes);
  }

  @Test
  void aResourceOrScopeAfterItsSpansOrRepeatedIsMergedAsProtobufMergesIt() throws IOException {
    byte[] resource = resource("service.name", "first");
    byte[] laterResource = resource("host.name", "web-1");
    byte[] scope = InstrumentationScope.newBuilder().setName("late").build().toByteArray();
    byte[] badSpan = span().setSpanId(hex("01")).build().toByteArray();
    byte[] goodSpan = span().build().toByteArray();
    byte[] scopeSpans =
        message(
            field(2, goodSpan),
            field(2, badSpan),
            field(1, scope),
            field(1, scope),
            field(3, "s".getBytes()));
    byte[] resourceSpans =
        message(field(1, resource), field(2, scopeSpans), field(1, laterResource));
    byte[] bytes = message(field(1, resourceSpans), field(1, resourceSpans));

    Outcome wire = Outcome.wire(bytes);

    assertThat(wire.decoded().spans()).hasSize(2);
    io.tracemate.model.Span decoded = wire.decoded().spans().getFirst();
    assertThat(decoded.resource().attributes()).hasSize(2);
    assertThat(decoded.scope().name()).isEqualTo("late");
    assertThat(wire.decoded().errorMessage()).contains("span 1 of scope 'late'");
    assertSameOutcome(bytes);
  }

  @Test
  void anAnyValueSetTwiceKeepsTheLastMemberAndMergesArrays() throws IOException {
    byte[] array =
        AnyValue.newBuilder()
            .setArrayValue(ArrayValue.newBuilder().addValues(AnyValue.newBuilder().setIntValue(1)))
            .build()
            .toByteArray();
    byte[] text = AnyValue.newBuilder().setStringValue("x").build().toByteArray();
    byte[] empty = new byte[0];
    for (byte[][] values :
        List.of(
            new byte[][] {array, array},
            new byte[][] {array, text},
            new byte[][] {text, empty},
            new byte[][] {empty})) {
      byte[][] fields = new byte[values.length + 1][];
      fields[0] = field(1, "k".getBytes());
      for (int i = 0; i < values.length; i++) {
        fields[i + 1] = field(2, values[i]);
      }
      byte[] keyValue = message(fields);
      byte[] spanBytes = message(span().build().toByteArray(), field(9, keyValue));
      assertSameOutcome(request(spanBytes));
    }
    // An array, another member, an array again: the last array alone, as the protobuf spec merges a
    // oneof.
    // (protobuf-java's generated parser keeps the first array's builder across the other member and
    // yields both
    // arrays' values; no serializer writes such a value.)
    byte[] keyValue =
        message(field(1, "k".getBytes()), field(2, array), field(2, text), field(2, array));
    byte[] spanBytes = message(span().build().toByteArray(), field(9, keyValue));
    assertThat(Outcome.wire(request(spanBytes)).decoded().spans().getFirst().attributes())
        .containsExactly(
            new io.tracemate.model.Attribute(
                "k",
                new io.tracemate.model.AttributeValue.ArrayValue(
                    List.of(new io.tracemate.model.AttributeValue.LongValue(1)))));
  }

  @Test
  void nestingIsBoundedAsTheGeneratedParserBoundsIt() {
    for (int depth : new int[] {40, 46, 47, 48, 60}) {
      AnyValue value = AnyValue.newBuilder().setIntValue(1).build();
      for (int i = 0; i < depth; i++) {
        value =
            AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(value)).build();
      }
      byte[] bytes =
          request(
              span()
                  .addAttributes(KeyValue.newBuilder().setKey("deep").setValue(value))
                  .build()
                  .toByteArray());
      assertSameOutcome(bytes);
    }
    assertThat(Outcome.wire(nested(60)).refused()).isTrue();
    assertThat(Outcome.wire(nested(40)).refused()).isFalse();
  }

  @Test
  void stringsTheModelDoesNotKeepMustStillBeUtf8() throws IOException {
    byte[] notUtf8 = {(byte) 0xc3, (byte) 0x28};
    byte[] scopeSpans = message(field(2, span().build().toByteArray()), field(3, notUtf8));
    byte[] bytes = message(field(1, message(field(2, scopeSpans))));

    assertThat(Outcome.wire(bytes).refused()).isTrue();
    assertSameOutcome(bytes);
    byte[] entityRef = message(field(2, notUtf8));
    byte[] resourceWithRef = message(field(3, entityRef));
    assertSameOutcome(message(field(1, message(field(1, resourceWithRef)))));
  }

  private static byte[] nested(int depth) {
    AnyValue value = AnyValue.newBuilder().setIntValue(1).build();
    for (int i = 0; i < depth; i++) {
      value = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(value)).build();
    }
    return request(
        span()
            .addAttributes(KeyValue.newBuilder().setKey("deep").setValue(value))
            .build()
            .toByteArray());
  }

  private static Span.Builder span() {
    return Span.newBuilder().setTraceId(TRACE_ID).setSpanId(SPAN_ID).setName("op");
  }

  private static byte[] request(byte[] span) {
    try {
      return message(field(1, message(field(2, message(field(2, span))))));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] resource(String key, String value) {
    return Resource.newBuilder()
        .addAttributes(
            KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)))
        .build()
        .toByteArray();
  }

  /** A length-delimited field, tag included. */
  private static byte[] field(int number, byte[] value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    coded.writeTag(number, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    coded.writeByteArrayNoTag(value);
    coded.flush();
    return out.toByteArray();
  }

  private static byte[] message(byte[]... fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Arrays.stream(fields).filter(Objects::nonNull).forEach(out::writeBytes);
    return out.toByteArray();
  }

  private static ByteString hex(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }
}
