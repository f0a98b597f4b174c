package io.tracemate.storage;

import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.Span;
import io.tracemate.model.SpanEvent;
import io.tracemate.model.SpanKind;
import io.tracemate.model.StatusCode;
import java.util.Map;

/**
 * Whether one span meets every criterion of a {@link TraceQuery}, as its javadoc defines them: the definition the
 * in-memory reference store searches by, and the span head ({@link io.tracemate.storage.head}) too, so that what a
 * search finds among spans not yet in a store is what the store would find. Stateless.
 */
public final class SpanMatcher {
  private SpanMatcher() {}

  public static boolean matches(Span span, TraceQuery query) {
    if (query.serviceName() != null && !query.serviceName().equals(span.serviceName())) {
      return false;
    }
    if (query.operationName() != null && !query.operationName().equals(span.name())) {
      return false;
    }
    if (query.traceIdPrefix() != null
        && !span.traceId().toJaegerHex().startsWith(query.traceIdPrefix())) {
      return false;
    }
    if (span.startEpochNanos() < query.startTimeMinNanos()
        || span.startEpochNanos() > query.startTimeMaxNanos()) {
      return false;
    }
    if (span.durationNanos() < query.durationMinNanos()
        || span.durationNanos() > query.durationMaxNanos()) {
      return false;
    }
    for (Map.Entry<String, String> tag : query.tags().entrySet()) {
      if (!hasTag(span, tag.getKey(), tag.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** The key has this value (as text) among the span's, its resource's or its events' attributes, or derived. */
  private static boolean hasTag(Span span, String key, String value) {
    if (textEquals(Attribute.find(span.attributes(), key), value)
        || textEquals(Attribute.find(span.resource().attributes(), key), value)) {
      return true;
    }
    for (SpanEvent event : span.events()) {
      if (textEquals(Attribute.find(event.attributes(), key), value)) {
        return true;
      }
    }
    return value.equals(derivedTag(span, key));
  }

  /** The tags Jaeger derives from a span's fields, or null when the span has none under this key. */
  private static String derivedTag(Span span, String key) {
    return switch (key) {
      case "error" -> span.status().code() == StatusCode.ERROR ? "true" : null;
      case "span.kind" -> span.kind() == SpanKind.UNSPECIFIED ? null : span.kind().jaegerName();
      case "otel.status_code" ->
          span.status().code() == StatusCode.UNSET ? null : span.status().code().name();
      case "otel.status_description" ->
          span.status().message().isEmpty() ? null : span.status().message();
      case "otel.scope.name" -> span.scope().name().isEmpty() ? null : span.scope().name();
      case "otel.scope.version" -> span.scope().version().isEmpty() ? null : span.scope().version();
      default -> null;
    };
  }

  private static boolean textEquals(AttributeValue attribute, String value) {
    return attribute != null && attribute.asText().equals(value);
  }
}
