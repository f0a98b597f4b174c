package io.tracemate.testing;

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
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Span factories shared by the contract suites, the backends' tests and benchmarks, and the tests that build spans
 * the same way: random IDs from a caller's seeded Random, a service's resource, a span from its essentials, a span
 * with every field. Stateless.
 */
public final class TestSpans {
  private TestSpans() {}

  /** A 128-bit trace ID with both halves non-zero. */
  public static TraceId traceId(Random random) {
    return new TraceId(nonZero(random), nonZero(random));
  }

  /** A 64-bit (Zipkin/B3 style) trace ID: high half zero. */
  public static TraceId traceId64(Random random) {
    return new TraceId(0, nonZero(random));
  }

  public static SpanId spanId(Random random) {
    return new SpanId(nonZero(random));
  }

  private static long nonZero(Random random) {
    long value;
    do {
      value = random.nextLong();
    } while (value == 0);
    return value;
  }

  public static Resource resource(String serviceName, Attribute... more) {
    List<Attribute> attributes = new ArrayList<>();
    attributes.add(Attribute.of("service.name", serviceName));
    attributes.addAll(List.of(more));
    return new Resource(attributes, 0);
  }

  /** A span with the given essentials, kind INTERNAL, no attributes; callers add more via the builder. */
  public static Span.Builder span(
      TraceId traceId,
      SpanId spanId,
      SpanId parent,
      String service,
      String name,
      long startNanos,
      long durationNanos) {
    return Span.builder()
        .traceId(traceId)
        .spanId(spanId)
        .parentSpanId(parent)
        .name(name)
        .kind(SpanKind.INTERNAL)
        .startEpochNanos(startNanos)
        .endEpochNanos(startNanos + durationNanos)
        .resource(resource(service));
  }

  /** The trace a reader must return for these spans: distinct spans ordered by start time. */
  public static Trace expectedTrace(TraceId traceId, List<Span> spans) {
    return new Trace(
        traceId,
        spans.stream().distinct().sorted(Comparator.comparingLong(Span::startEpochNanos)).toList());
  }

  /** A span that sets every field the model has, with values that trip lossy encodings. */
  public static Span everyField(Random random, TraceId traceId, long startNanos) {
    byte[] digest = new byte[20];
    random.nextBytes(digest);
    digest[0] = 0;
    digest[1] = (byte) 0xFF;
    AttributeValue nestedArray =
        new AttributeValue.ArrayValue(
            List.of(
                AttributeValue.of("a"),
                AttributeValue.of(1L),
                AttributeValue.of(true),
                AttributeValue.of(2.5),
                new AttributeValue.ArrayValue(List.of(AttributeValue.of("deep"))),
                new AttributeValue.BytesValue(new byte[] {1, 2, 3})));
    AttributeValue kvList =
        new AttributeValue.KeyValueList(
            List.of(
                Attribute.of("k1", "v1"),
                new Attribute(
                    "inner", new AttributeValue.KeyValueList(List.of(Attribute.of("n", 1L)))),
                new Attribute("empty", new AttributeValue.ArrayValue(List.of()))));
    List<Attribute> attributes =
        List.of(
            Attribute.of("http.method", "GET"),
            Attribute.of("http.status_code", 503L),
            Attribute.of("retry.offset", -42L),
            Attribute.of("big.number", Long.MIN_VALUE),
            Attribute.of("sampling.ratio", 0.25),
            Attribute.of("tiny", 1e-300),
            Attribute.of("negative.zero", -0.0),
            Attribute.of("cache.hit", true),
            Attribute.of("cache.stale", false),
            Attribute.of("empty.string", ""),
            Attribute.of("unicode", "héllo wörld ✓ 𝄞 \u0000 end"),
            new Attribute("payload.digest", new AttributeValue.BytesValue(digest)),
            new Attribute("tags", nestedArray),
            new Attribute("structured", kvList));
    List<SpanEvent> events =
        List.of(
            new SpanEvent(
                startNanos + 1_000,
                "cache.miss",
                List.of(Attribute.of("cache.key", "orders:42")),
                0),
            new SpanEvent(
                startNanos + 2_500_000,
                "exception",
                List.of(
                    Attribute.of("exception.type", "java.io.IOException"),
                    Attribute.of("exception.message", "connection reset"),
                    Attribute.of("exception.escaped", true)),
                1),
            new SpanEvent(startNanos - 7, "", List.of(), 0));
    List<SpanLink> links =
        List.of(
            new SpanLink(
                traceId(random),
                spanId(random),
                "vendor=x",
                List.of(Attribute.of("link.kind", "follows")),
                2,
                0x101),
            new SpanLink(traceId64(random), spanId(random), "", List.of(), 0, 0));
    Resource resource =
        new Resource(
            List.of(
                Attribute.of("service.name", "checkout"),
                Attribute.of("host.name", "checkout-7d9f"),
                Attribute.of("process.pid", 4242L),
                new Attribute(
                    "process.command_args",
                    new AttributeValue.ArrayValue(
                        List.of(AttributeValue.of("java"), AttributeValue.of("-jar"))))),
            2);
    InstrumentationScope scope =
        new InstrumentationScope(
            "io.opentelemetry.okhttp", "1.42.0", List.of(Attribute.of("scope.attr", 7L)), 1);
    return Span.builder()
        .traceId(traceId)
        .spanId(spanId(random))
        .parentSpanId(spanId(random))
        .traceState("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
        .name("GET /api/orders/{id}")
        .kind(SpanKind.SERVER)
        .startEpochNanos(startNanos)
        .endEpochNanos(startNanos + 12_345_678)
        .attributes(attributes)
        .droppedAttributesCount(3)
        .events(events)
        .droppedEventsCount(2)
        .links(links)
        .droppedLinksCount(5)
        .status(new Status(StatusCode.ERROR, "upstream unavailable"))
        .flags(0x301)
        .resource(resource)
        .scope(scope)
        .build();
  }
}
