package io.tracemate.pipeline;

import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.InstrumentationScope;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import io.tracemate.pipeline.config.ActionConfig;
import java.util.List;

/** Span and config builders for the tests. */
public final class TestSpans {
  private TestSpans() {}

  public static Span span(String service, String name, SpanKind kind, Attribute... attributes) {
    return Span.builder()
        .traceId(new TraceId(1, 2))
        .spanId(SpanId.fromHex("00000000000000a1"))
        .name(name)
        .kind(kind)
        .startEpochNanos(1_000)
        .endEpochNanos(2_000)
        .attributes(List.of(attributes))
        .resource(new Resource(List.of(Attribute.of("service.name", service)), 0))
        .scope(new InstrumentationScope("io.opentelemetry.okhttp", "1.2.0", List.of(), 0))
        .build();
  }

  public static Span span(Attribute... attributes) {
    return span("checkout", "GET /cart", SpanKind.SERVER, attributes);
  }

  public static AttributeValue attr(Span span, String key) {
    return Attribute.find(span.attributes(), key);
  }

  public static ActionConfig action(String action, String key) {
    return new ActionConfig(key, action, null, null, null, null, null, null);
  }

  public static ActionConfig withValue(String action, String key, Object value) {
    return new ActionConfig(key, action, value, null, null, null, null, null);
  }

  public static ActionConfig fromAttribute(
      String action, String key, String from, Object defaultValue) {
    return new ActionConfig(key, action, null, from, null, defaultValue, null, null);
  }

  public static ActionConfig withPattern(String action, String key, String pattern) {
    return new ActionConfig(key, action, null, null, null, null, pattern, null);
  }

  public static ActionConfig convert(String key, String type) {
    return new ActionConfig(key, "convert", null, null, null, null, null, type);
  }
}
