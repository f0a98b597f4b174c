package io.tracemate.codec;

import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.InstrumentationScope;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanEvent;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.SpanLink;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Spans that use every field of the model, for round-trip tests. */
public final class TestSpans {
  private TestSpans() {}

  public static final Resource CHECKOUT =
      new Resource(
          List.of(Attribute.of("service.name", "checkout"), Attribute.of("host.name", "web-1")), 2);
  public static final Resource PAYMENTS =
      new Resource(List.of(Attribute.of("service.name", "payments")), 0);
  public static final InstrumentationScope HTTP_SCOPE =
      new InstrumentationScope(
          "io.example.http", "1.2.0", List.of(Attribute.of("scope.attr", true)), 1);

  /** Every attribute value shape, nested ones included. */
  public static List<Attribute> allValueTypes() {
    return List.of(
        Attribute.of("s", "text ✓"),
        Attribute.of("b", true),
        Attribute.of("l", -42L),
        Attribute.of("d", 3.25),
        Attribute.of("nan", Double.NaN),
        new Attribute("bytes", new AttributeValue.BytesValue(new byte[] {0, 1, (byte) 0xff})),
        new Attribute(
            "array",
            new AttributeValue.ArrayValue(
                List.of(
                    AttributeValue.of("a"),
                    AttributeValue.of(1L),
                    new AttributeValue.ArrayValue(List.of(AttributeValue.of(false)))))),
        new Attribute(
            "map",
            new AttributeValue.KeyValueList(
                List.of(
                    Attribute.of("k", "v"),
                    new Attribute(
                        "inner",
                        new AttributeValue.KeyValueList(List.of(Attribute.of("x", 1.5))))))),
        Attribute.of("empty", ""));
  }

  public static Span rich() {
    return Span.builder()
        .traceId(new TraceId(0x5b8efff798038103L, 0xd269b633813fc60cL))
        .spanId(new SpanId(0xeee19b7ec3c1b174L))
        .parentSpanId(new SpanId(0xeee19b7ec3c1b173L))
        .traceState("vendor=abc,other=1")
        .name("GET /cart")
        .kind(SpanKind.SERVER)
        .startEpochNanos(1_544_712_660_000_000_001L)
        .endEpochNanos(1_544_712_661_000_000_002L)
        .attributes(allValueTypes())
        .droppedAttributesCount(3)
        .events(
            List.of(
                new SpanEvent(
                    1_544_712_660_500_000_000L,
                    "exception",
                    List.of(Attribute.of("exception.message", "boom")),
                    1),
                new SpanEvent(1_544_712_660_600_000_000L, "", List.of(), 0)))
        .droppedEventsCount(4)
        .links(
            List.of(
                new SpanLink(
                    new TraceId(1, 2),
                    new SpanId(3),
                    "k=v",
                    List.of(Attribute.of("opentracing.ref_type", "follows_from")),
                    5,
                    0x301),
                new SpanLink(new TraceId(0, 7), new SpanId(8), "", List.of(), 0, 0)))
        .droppedLinksCount(6)
        .status(new Status(StatusCode.ERROR, "payment failed"))
        .flags(0x301)
        .resource(CHECKOUT)
        .scope(HTTP_SCOPE)
        .build();
  }

  /** A mix of resources and scopes, grouped in first-seen order so a round trip keeps the order. */
  public static List<Span> batch(long seed, int count) {
    Random random = new Random(seed);
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Resource resource = i < count / 2 ? CHECKOUT : PAYMENTS;
      spans.add(
          Span.builder()
              .traceId(new TraceId(random.nextLong() | 1, random.nextLong()))
              .spanId(new SpanId(random.nextLong() | 1))
              .parentSpanId(random.nextBoolean() ? SpanId.NONE : new SpanId(random.nextLong() | 1))
              .name("op-" + random.nextInt(5))
              .kind(SpanKind.values()[random.nextInt(SpanKind.values().length)])
              .startEpochNanos(random.nextLong(1L << 62))
              .endEpochNanos(random.nextLong(1L << 62))
              .attributes(
                  random.nextBoolean() ? allValueTypes() : List.of(Attribute.of("i", (long) i)))
              .status(random.nextBoolean() ? Status.UNSET : new Status(StatusCode.OK, ""))
              .flags(random.nextInt(0x400))
              .resource(resource)
              .scope(HTTP_SCOPE)
              .build());
    }
    return spans;
  }
}
