package io.tracemate.http.jaeger;

import io.tracemate.http.support.Parameters;
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
import java.time.Instant;
import java.util.List;

/** The spans the API tests read: a two-service 128-bit trace, a 64-bit trace, and a nameless resource. */
final class TestTraces {
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  /** One hour before NOW, in epoch nanoseconds, plus a sub-microsecond remainder to check truncation. */
  static final long T0 = Parameters.epochNanos(NOW.minusSeconds(3600)) + 123_456L;

  static final TraceId TRACE_A = TraceId.fromHex("83a9efd15c1c98a977e0711cc93ee28b");
  static final TraceId TRACE_B = new TraceId(0, 0x00000000000abcdeL);
  static final TraceId TRACE_C = TraceId.fromHex("0000000000000001ffffffffffffffff");
  static final TraceId OTHER_TRACE = TraceId.fromHex("11111111111111112222222222222222");

  static final SpanId ROOT = SpanId.fromHex("e127af99e3b3e074");
  static final SpanId CHILD = SpanId.fromHex("909541b92cf05311");
  static final SpanId GRANDCHILD = SpanId.fromHex("0000000000000abc");
  static final SpanId B_ROOT = SpanId.fromHex("00000000000000b1");
  static final SpanId C_ROOT = SpanId.fromHex("00000000000000c1");
  static final SpanId LINKED = SpanId.fromHex("3333333333333333");

  static final Resource FRONTEND =
      new Resource(
          List.of(
              Attribute.of("service.name", "frontend"),
              Attribute.of("host.name", "web-1"),
              Attribute.of("process.pid", 4242L)),
          0);

  /** Same content as FRONTEND but another object: must share process p1. */
  static final Resource FRONTEND_COPY = new Resource(List.copyOf(FRONTEND.attributes()), 0);

  static final Resource DRIVER = new Resource(List.of(Attribute.of("service.name", "driver")), 0);
  static final Resource NAMELESS = new Resource(List.of(Attribute.of("host.name", "batch-7")), 0);

  static final InstrumentationScope SCOPE =
      new InstrumentationScope("io.example.http", "1.2.3", List.of(), 0);

  static final long BIG = 1L << 60;

  private TestTraces() {}

  /** Root of trace A: every tag kind, error status, trace state, flags, two events. */
  static Span root() {
    return Span.builder()
        .traceId(TRACE_A)
        .spanId(ROOT)
        .name("GET /dispatch")
        .kind(SpanKind.SERVER)
        .startEpochNanos(T0)
        .endEpochNanos(T0 + 250_000_999L)
        .traceState("vendor=abc")
        .flags(0x301)
        .attributes(
            List.of(
                Attribute.of("http.method", "GET"),
                Attribute.of("http.status_code", 500L),
                Attribute.of("big", BIG),
                Attribute.of("negative.big", -BIG),
                Attribute.of("ratio", 0.25),
                Attribute.of("cached", false),
                new Attribute("raw", new AttributeValue.BytesValue(new byte[] {1, 2, 3})),
                new Attribute(
                    "list",
                    new AttributeValue.ArrayValue(
                        List.of(AttributeValue.of("a"), AttributeValue.of(1L)))),
                new Attribute(
                    "map", new AttributeValue.KeyValueList(List.of(Attribute.of("k", "v"))))))
        .events(
            List.of(
                new SpanEvent(T0 + 1_000L, "cache miss", List.of(Attribute.of("key", "user:1")), 0),
                new SpanEvent(
                    T0 + 2_000L,
                    "ignored-name",
                    List.of(Attribute.of("event", "custom"), Attribute.of("level", "warn")),
                    0)))
        .status(new Status(StatusCode.ERROR, "boom"))
        .resource(FRONTEND)
        .scope(SCOPE)
        .build();
  }

  /** In another service; its link to the parent says follows_from, plus a link into another trace. */
  static Span child() {
    return Span.builder()
        .traceId(TRACE_A)
        .spanId(CHILD)
        .parentSpanId(ROOT)
        .name("find driver")
        .kind(SpanKind.CLIENT)
        .startEpochNanos(T0 + 10_000_000L)
        .endEpochNanos(T0 + 60_000_000L)
        .links(
            List.of(
                new SpanLink(
                    TRACE_A,
                    ROOT,
                    "",
                    List.of(Attribute.of("opentracing.ref_type", "follows_from")),
                    0,
                    0),
                new SpanLink(
                    OTHER_TRACE, LINKED, "", List.of(Attribute.of("other", "dropped")), 0, 0),
                new SpanLink(
                    TRACE_B,
                    B_ROOT,
                    "",
                    List.of(Attribute.of("opentracing.ref_type", "child_of")),
                    0,
                    0)))
        .status(new Status(StatusCode.OK, ""))
        .resource(DRIVER)
        .build();
  }

  /** Back in frontend through a copy of its resource. */
  static Span grandchild() {
    return Span.builder()
        .traceId(TRACE_A)
        .spanId(GRANDCHILD)
        .parentSpanId(CHILD)
        .name("GET /dispatch")
        .kind(SpanKind.INTERNAL)
        .startEpochNanos(T0 + 20_000_000L)
        .endEpochNanos(T0 + 21_000_000L)
        .resource(FRONTEND_COPY)
        .build();
  }

  /** A 64-bit trace in driver, unspecified kind, unset status, nothing else. */
  static Span bRoot() {
    return Span.builder()
        .traceId(TRACE_B)
        .spanId(B_ROOT)
        .name("poll")
        .kind(SpanKind.UNSPECIFIED)
        .startEpochNanos(T0 + 1_000_000_000L)
        .endEpochNanos(T0 + 1_005_000_000L)
        .resource(DRIVER)
        .build();
  }

  /** A trace whose resource has no service.name, one hour before the default two-day window ends. */
  static Span cRoot() {
    return Span.builder()
        .traceId(TRACE_C)
        .spanId(C_ROOT)
        .name("nightly")
        .kind(SpanKind.PRODUCER)
        .startEpochNanos(T0 - 3_600_000_000_000L)
        .endEpochNanos(T0 - 3_599_000_000_000L)
        .resource(NAMELESS)
        .build();
  }

  static List<Span> all() {
    return List.of(root(), child(), grandchild(), bRoot(), cRoot());
  }
}
