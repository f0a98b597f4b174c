package io.tracemate.codec.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.tracemate.codec.TestSpans;
import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpTraceDecoderTest {
  private static final ByteString TRACE_ID = hex("5b8efff798038103d269b633813fc60c");
  private static final ByteString SPAN_ID = hex("eee19b7ec3c1b174");

  @Test
  void convertsEveryField() {
    Span span =
        Span.newBuilder()
            .setTraceId(TRACE_ID)
            .setSpanId(SPAN_ID)
            .setParentSpanId(hex("eee19b7ec3c1b173"))
            .setTraceState("a=b")
            .setName("GET /cart")
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setStartTimeUnixNano(100)
            .setEndTimeUnixNano(250)
            .addAttributes(kv("s", AnyValue.newBuilder().setStringValue("x").build()))
            .setDroppedAttributesCount(1)
            .addEvents(
                Span.Event.newBuilder()
                    .setTimeUnixNano(120)
                    .setName("retry")
                    .addAttributes(kv("n", AnyValue.newBuilder().setIntValue(2).build()))
                    .setDroppedAttributesCount(3))
            .setDroppedEventsCount(4)
            .addLinks(
                Span.Link.newBuilder()
                    .setTraceId(hex("0102030405060708090a0b0c0d0e0f10"))
                    .setSpanId(hex("1112131415161718"))
                    .setTraceState("l=1")
                    .addAttributes(kv("k", AnyValue.newBuilder().setBoolValue(true).build()))
                    .setDroppedAttributesCount(5)
                    .setFlags(0x101))
            .setDroppedLinksCount(6)
            .setStatus(
                Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("bad"))
            .setFlags(0x301)
            .build();

    DecodedSpans decoded = OtlpTraceDecoder.decode(request(span));

    assertThat(decoded.rejectedCount()).isZero();
    assertThat(decoded.errorMessage()).isEmpty();
    io.tracemate.model.Span model = decoded.spans().getFirst();
    assertThat(model.traceId()).isEqualTo(new TraceId(0x5b8efff798038103L, 0xd269b633813fc60cL));
    assertThat(model.spanId()).isEqualTo(new SpanId(0xeee19b7ec3c1b174L));
    assertThat(model.parentSpanId()).isEqualTo(new SpanId(0xeee19b7ec3c1b173L));
    assertThat(model.traceState()).isEqualTo("a=b");
    assertThat(model.name()).isEqualTo("GET /cart");
    assertThat(model.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(model.startEpochNanos()).isEqualTo(100);
    assertThat(model.endEpochNanos()).isEqualTo(250);
    assertThat(model.attributes()).containsExactly(Attribute.of("s", "x"));
    assertThat(model.droppedAttributesCount()).isEqualTo(1);
    assertThat(model.events())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.epochNanos()).isEqualTo(120);
              assertThat(event.name()).isEqualTo("retry");
              assertThat(event.attributes()).containsExactly(Attribute.of("n", 2L));
              assertThat(event.droppedAttributesCount()).isEqualTo(3);
            });
    assertThat(model.droppedEventsCount()).isEqualTo(4);
    assertThat(model.links())
        .singleElement()
        .satisfies(
            link -> {
              assertThat(link.traceId())
                  .isEqualTo(new TraceId(0x0102030405060708L, 0x090a0b0c0d0e0f10L));
              assertThat(link.spanId()).isEqualTo(new SpanId(0x1112131415161718L));
              assertThat(link.traceState()).isEqualTo("l=1");
              assertThat(link.attributes()).containsExactly(Attribute.of("k", true));
              assertThat(link.droppedAttributesCount()).isEqualTo(5);
              assertThat(link.flags()).isEqualTo(0x101);
            });
    assertThat(model.droppedLinksCount()).isEqualTo(6);
    assertThat(model.status().code()).isEqualTo(StatusCode.ERROR);
    assertThat(model.status().message()).isEqualTo("bad");
    assertThat(model.flags()).isEqualTo(0x301);
  }

  @Test
  void convertsEveryAnyValueShapeRecursively() {
    AnyValue nested =
        AnyValue.newBuilder()
            .setKvlistValue(
                KeyValueList.newBuilder()
                    .addValues(
                        kv(
                            "arr",
                            AnyValue.newBuilder()
                                .setArrayValue(
                                    ArrayValue.newBuilder()
                                        .addValues(AnyValue.newBuilder().setDoubleValue(1.5))
                                        .addValues(
                                            AnyValue.newBuilder()
                                                .setBytesValue(
                                                    ByteString.copyFrom(new byte[] {1, 2})))
                                        .addValues(AnyValue.getDefaultInstance()))
                                .build())))
            .build();
    Span span =
        minimal()
            .addAttributes(kv("nested", nested))
            .addAttributes(kv("unset", AnyValue.getDefaultInstance()))
            .build();

    List<Attribute> attributes =
        OtlpTraceDecoder.decode(request(span)).spans().getFirst().attributes();

    assertThat(attributes)
        .containsExactly(
            new Attribute(
                "nested",
                new AttributeValue.KeyValueList(
                    List.of(
                        new Attribute(
                            "arr",
                            new AttributeValue.ArrayValue(
                                List.of(
                                    AttributeValue.of(1.5),
                                    new AttributeValue.BytesValue(new byte[] {1, 2}),
                                    AttributeValue.of(""))))))),
            Attribute.of("unset", ""));
  }

  @Test
  void spansOfOneResourceAndScopeShareOneInstance() {
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(
                                kv(
                                    "service.name",
                                    AnyValue.newBuilder().setStringValue("checkout").build())))
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .setScope(
                                InstrumentationScope.newBuilder().setName("a").setVersion("1"))
                            .addSpans(minimal())
                            .addSpans(minimal()))
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .setScope(InstrumentationScope.newBuilder().setName("b"))
                            .addSpans(minimal())))
            .build();

    List<io.tracemate.model.Span> spans = OtlpTraceDecoder.decode(request).spans();

    assertThat(spans).hasSize(3);
    assertThat(spans.get(0).resource()).isSameAs(spans.get(2).resource());
    assertThat(spans.get(0).serviceName()).isEqualTo("checkout");
    assertThat(spans.get(0).scope()).isSameAs(spans.get(1).scope());
    assertThat(spans.get(0).scope().name()).isEqualTo("a");
    assertThat(spans.get(0).scope().version()).isEqualTo("1");
    assertThat(spans.get(2).scope().name()).isEqualTo("b");
  }

  @Test
  void rejectsSpansWithInvalidIdsAndKeepsTheRest() {
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .setScope(InstrumentationScope.newBuilder().setName("x"))
                            .addSpans(minimal())
                            .addSpans(minimal().setTraceId(TRACE_ID.substring(1)))
                            .addSpans(minimal().setTraceId(ByteString.copyFrom(new byte[16])))
                            .addSpans(minimal().setSpanId(ByteString.EMPTY))
                            .addSpans(minimal().setSpanId(ByteString.copyFrom(new byte[8])))
                            .addSpans(minimal().setParentSpanId(hex("0102")))
                            .addSpans(minimal().setParentSpanId(ByteString.copyFrom(new byte[8])))))
            .build();

    DecodedSpans decoded = OtlpTraceDecoder.decode(request);

    assertThat(decoded.spans()).hasSize(2);
    assertThat(decoded.spans().get(1).parentSpanId()).isEqualTo(SpanId.NONE);
    assertThat(decoded.rejectedCount()).isEqualTo(5);
    assertThat(decoded.errorMessage())
        .isEqualTo(
            "5 spans rejected: "
                + "span 1 of scope 'x' has a trace ID of 15 bytes (want 16); "
                + "span 2 of scope 'x' has an all-zero trace ID; "
                + "span 3 of scope 'x' has a span ID of 0 bytes (want 8); and 2 more");
  }

  @Test
  void singleRejectionIsSpelledOut() {
    DecodedSpans decoded =
        OtlpTraceDecoder.decode(request(minimal().setParentSpanId(hex("01")).build()));
    assertThat(decoded.errorMessage())
        .isEqualTo(
            "1 span rejected: span 0 of scope '' has a parent span ID of 1 bytes (want 8, or none for a root span)");
  }

  @Test
  void linkWithImpossibleIdIsDroppedAndCounted() {
    Span span =
        minimal()
            .addLinks(Span.Link.newBuilder().setTraceId(hex("0102")).setSpanId(SPAN_ID))
            .addLinks(Span.Link.newBuilder().setTraceId(hex("0102030405060708")).setSpanId(SPAN_ID))
            .setDroppedLinksCount(1)
            .build();

    io.tracemate.model.Span model = OtlpTraceDecoder.decode(request(span)).spans().getFirst();

    assertThat(model.links())
        .singleElement()
        .satisfies(
            link -> assertThat(link.traceId()).isEqualTo(new TraceId(0, 0x0102030405060708L)));
    assertThat(model.droppedLinksCount()).isEqualTo(2);
  }

  @Test
  void unknownKindNumberBecomesUnspecified() {
    Span span = minimal().setKindValue(42).build();
    assertThat(OtlpTraceDecoder.decode(request(span)).spans().getFirst().kind())
        .isEqualTo(SpanKind.UNSPECIFIED);
  }

  @Test
  void encoderIsTheInverse() {
    List<io.tracemate.model.Span> spans =
        List.of(
            TestSpans.rich(),
            TestSpans.rich().toBuilder()
                .resource(TestSpans.PAYMENTS)
                .parentSpanId(SpanId.NONE)
                .build());
    ExportTraceServiceRequest encoded = OtlpTraceEncoder.encode(spans);

    assertThat(encoded.getResourceSpansCount()).isEqualTo(2);
    assertThat(encoded.getResourceSpans(1).getScopeSpans(0).getSpans(0).getParentSpanId())
        .isEmpty();
    assertThat(OtlpTraceDecoder.decode(encoded)).isEqualTo(new DecodedSpans(spans, 0, ""));
  }

  @Test
  void encoderGroupsByResourceAndScopeInFirstSeenOrder() {
    io.tracemate.model.Span a = TestSpans.rich();
    io.tracemate.model.Span b = a.toBuilder().resource(TestSpans.PAYMENTS).name("b").build();
    io.tracemate.model.Span c =
        a.toBuilder()
            .name("c")
            .resource(new io.tracemate.model.Resource(TestSpans.CHECKOUT.attributes(), 2))
            .build();

    ExportTraceServiceRequest encoded = OtlpTraceEncoder.encode(List.of(a, b, c));

    assertThat(encoded.getResourceSpansCount()).isEqualTo(2);
    assertThat(encoded.getResourceSpans(0).getScopeSpans(0).getSpansList())
        .extracting(Span::getName)
        .containsExactly("GET /cart", "c");
    assertThat(encoded.getResourceSpans(1).getScopeSpans(0).getSpansList())
        .extracting(Span::getName)
        .containsExactly("b");
  }

  static Span.Builder minimal() {
    return Span.newBuilder().setTraceId(TRACE_ID).setSpanId(SPAN_ID).setName("op");
  }

  static ExportTraceServiceRequest request(Span span) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
        .build();
  }

  static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  static ByteString hex(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }
}
