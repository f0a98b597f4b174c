package io.tracemate.pipeline.sampling;

import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.Span;
import java.util.function.Predicate;

/**
 * The string, numeric and boolean attribute policies: they look at the resource attributes and the span
 * attributes of every span of the trace.
 *
 * <p>Without {@code invert_match}: {@code SAMPLED} when any resource or span has {@code key} with a matching
 * value. With it, as in the collector: {@code INVERT_NOT_SAMPLED} as soon as one resource or span has a
 * matching value, otherwise {@code INVERT_SAMPLED} (a trace without the key is kept).
 */
final class AttributePolicy implements Policy {
  private final String key;
  private final Predicate<AttributeValue> matches;
  private final boolean invert;

  AttributePolicy(String key, Predicate<AttributeValue> matches, boolean invert) {
    this.key = key;
    this.matches = matches;
    this.invert = invert;
  }

  @Override
  public Decision evaluate(DecodedTrace trace) {
    for (Span span : trace.spans()) {
      if (matches(span.resource().attributes()) || matches(span.attributes())) {
        return invert ? Decision.INVERT_NOT_SAMPLED : Decision.SAMPLED;
      }
    }
    return invert ? Decision.INVERT_SAMPLED : Decision.NOT_SAMPLED;
  }

  private boolean matches(java.util.List<Attribute> attributes) {
    AttributeValue value = Attribute.find(attributes, key);
    return value != null && matches.test(value);
  }
}
