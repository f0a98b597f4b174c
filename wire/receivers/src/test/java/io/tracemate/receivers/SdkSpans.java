package io.tracemate.receivers;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.Span;
import io.tracemate.model.SpanEvent;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanLink;
import io.tracemate.model.TraceId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Real OpenTelemetry SDK spans using every field OTLP carries, and a field-by-field comparison with the model. */
final class SdkSpans {
  static final long START = 1_700_000_000_123_456_789L;

  private SdkSpans() {}

  /** A server span under a remote parent (so it has trace state), with a client child and a producer. */
  static List<SpanData> rich() {
    List<SpanData> finished = new CopyOnWriteArrayList<>();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.create(
                    Attributes.builder()
                        .put("service.name", "checkout")
                        .put("host.name", "web-1")
                        .put("process.pid", 4242L)
                        .build()))
            .addSpanProcessor(new Collector(finished))
            .build();
    try {
      Tracer tracer =
          provider.tracerBuilder("io.example.http").setInstrumentationVersion("1.2.3").build();
      SpanContext remoteParent =
          SpanContext.createFromRemoteParent(
              "0af7651916cd43dd8448eb211c80319c",
              "b7ad6b7169203331",
              TraceFlags.getSampled(),
              TraceState.builder().put("vendor", "abc").build());
      SpanContext linked =
          SpanContext.create(
              "4bf92f3577b34da6a3ce929d0e0e4736",
              "00f067aa0ba902b7",
              TraceFlags.getDefault(),
              TraceState.builder().put("other", "1").build());

      io.opentelemetry.api.trace.Span server =
          tracer
              .spanBuilder("GET /cart")
              .setParent(Context.root().with(io.opentelemetry.api.trace.Span.wrap(remoteParent)))
              .setSpanKind(SpanKind.SERVER)
              .setStartTimestamp(START, TimeUnit.NANOSECONDS)
              .setAttribute("http.request.method", "GET")
              .setAttribute("http.response.status_code", 500L)
              .setAttribute("sampled.ratio", 0.25)
              .setAttribute("cache.hit", false)
              .setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "b"))
              .setAttribute(AttributeKey.longArrayKey("ports"), List.of(80L, 443L))
              .setAttribute(AttributeKey.doubleArrayKey("ratios"), List.of(0.5, 1.5))
              .setAttribute(AttributeKey.booleanArrayKey("flags"), List.of(true, false))
              .addLink(linked, Attributes.of(AttributeKey.stringKey("link.reason"), "batch"))
              .startSpan();
      server.addEvent(
          "cache miss",
          Attributes.of(AttributeKey.longKey("attempt"), 2L),
          START + 1_000,
          TimeUnit.NANOSECONDS);
      server.addEvent("retry", START + 2_000, TimeUnit.NANOSECONDS);
      server.setStatus(StatusCode.ERROR, "payment failed");

      io.opentelemetry.api.trace.Span client =
          tracer
              .spanBuilder("SELECT carts")
              .setParent(Context.root().with(server))
              .setSpanKind(SpanKind.CLIENT)
              .setStartTimestamp(START + 10_000, TimeUnit.NANOSECONDS)
              .startSpan();
      client.setStatus(StatusCode.OK);
      client.end(START + 20_000, TimeUnit.NANOSECONDS);

      io.opentelemetry.api.trace.Span producer =
          tracer
              .spanBuilder("publish")
              .setNoParent()
              .setSpanKind(SpanKind.PRODUCER)
              .setStartTimestamp(START + 30_000, TimeUnit.NANOSECONDS)
              .startSpan();
      producer.end(START + 40_000, TimeUnit.NANOSECONDS);

      server.end(START + 50_000, TimeUnit.NANOSECONDS);
    } finally {
      provider.shutdown().join(5, TimeUnit.SECONDS);
    }
    return List.copyOf(finished);
  }

  /** Asserts that the received spans are exactly the exported ones, field by field. */
  static void assertReceivedIntact(List<SpanData> sent, List<Span> received) {
    assertThat(received).hasSameSizeAs(sent);
    Map<String, Span> bySpanId =
        received.stream().collect(Collectors.toMap(s -> s.spanId().toHex(), s -> s));
    for (SpanData expected : sent) {
      Span actual = bySpanId.get(expected.getSpanId());
      assertThat(actual)
          .as("span %s (%s) arrived", expected.getName(), expected.getSpanId())
          .isNotNull();
      assertSame(expected, actual);
    }
  }

  private static void assertSame(SpanData expected, Span actual) {
    String name = expected.getName();
    assertThat(actual.traceId()).as(name).isEqualTo(TraceId.fromHex(expected.getTraceId()));
    assertThat(actual.parentSpanId())
        .as(name)
        .isEqualTo(
            expected.getParentSpanContext().isValid()
                ? SpanId.fromHex(expected.getParentSpanId())
                : SpanId.NONE);
    assertThat(actual.traceState())
        .as(name)
        .isEqualTo(w3c(expected.getSpanContext().getTraceState()));
    assertThat(actual.name()).isEqualTo(name);
    assertThat(actual.kind().name()).as(name).isEqualTo(expected.getKind().name());
    assertThat(actual.startEpochNanos()).as(name).isEqualTo(expected.getStartEpochNanos());
    assertThat(actual.endEpochNanos()).as(name).isEqualTo(expected.getEndEpochNanos());
    assertThat(actual.attributes())
        .as(name)
        .containsExactlyInAnyOrderElementsOf(model(expected.getAttributes()));
    assertThat(actual.droppedAttributesCount())
        .as(name)
        .isEqualTo(expected.getTotalAttributeCount() - expected.getAttributes().size());
    List<SpanEvent> events = new ArrayList<>();
    for (EventData event : expected.getEvents()) {
      events.add(
          new SpanEvent(event.getEpochNanos(), event.getName(), model(event.getAttributes()), 0));
    }
    assertThat(actual.events()).as(name).containsExactlyInAnyOrderElementsOf(events);
    assertThat(actual.links()).as(name).hasSameSizeAs(expected.getLinks());
    for (int i = 0; i < expected.getLinks().size(); i++) {
      LinkData link = expected.getLinks().get(i);
      SpanLink received = actual.links().get(i);
      assertThat(received.traceId()).isEqualTo(TraceId.fromHex(link.getSpanContext().getTraceId()));
      assertThat(received.spanId()).isEqualTo(SpanId.fromHex(link.getSpanContext().getSpanId()));
      assertThat(received.traceState()).isEqualTo(w3c(link.getSpanContext().getTraceState()));
      assertThat(received.attributes())
          .containsExactlyInAnyOrderElementsOf(model(link.getAttributes()));
      assertThat(received.flags() & 0xFF)
          .isEqualTo(link.getSpanContext().getTraceFlags().asByte() & 0xFF);
    }
    assertThat(actual.status().code().name())
        .as(name)
        .isEqualTo(expected.getStatus().getStatusCode().name());
    assertThat(actual.status().message()).as(name).isEqualTo(expected.getStatus().getDescription());
    assertThat(actual.flags() & 0xFF)
        .as(name)
        .isEqualTo(expected.getSpanContext().getTraceFlags().asByte() & 0xFF);
    assertThat(actual.resource().attributes())
        .as(name)
        .containsExactlyInAnyOrderElementsOf(model(expected.getResource().getAttributes()));
    assertThat(actual.scope().name()).isEqualTo(expected.getInstrumentationScopeInfo().getName());
    assertThat(actual.scope().version())
        .isEqualTo(expected.getInstrumentationScopeInfo().getVersion());
  }

  private static String w3c(TraceState state) {
    return state.asMap().entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  static List<Attribute> model(Attributes attributes) {
    List<Attribute> converted = new ArrayList<>();
    attributes.forEach((key, value) -> converted.add(new Attribute(key.getKey(), model(value))));
    return converted;
  }

  private static AttributeValue model(Object value) {
    return switch (value) {
      case String s -> AttributeValue.of(s);
      case Boolean b -> AttributeValue.of(b);
      case Long l -> AttributeValue.of(l);
      case Double d -> AttributeValue.of(d);
      case List<?> list ->
          new AttributeValue.ArrayValue(list.stream().map(SdkSpans::model).toList());
      default -> throw new AssertionError("unexpected attribute value " + value);
    };
  }

  /** Keeps finished spans, as an exporter would see them. */
  private record Collector(List<SpanData> finished) implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      finished.add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }
}
