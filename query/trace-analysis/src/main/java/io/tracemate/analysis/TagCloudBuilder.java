package io.tracemate.analysis;

import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts attribute pairs for the tag cloud, leaving out what would only be noise there: values that look
 * like identifiers or free text, and keys whose values are mostly distinct (see the package documentation).
 */
final class TagCloudBuilder {
  /** Longer values are free text (SQL, URLs with queries, stack traces), not tags. */
  static final int MAX_VALUE_LENGTH = 64;

  /** A key with more distinct values than this, most of them seen once or twice, is high-cardinality. */
  static final int MAX_DISTINCT_VALUES = 10;

  private static final Comparator<TagCount> MOST_FREQUENT_FIRST =
      Comparator.comparingInt(TagCount::count)
          .reversed()
          .thenComparing(TagCount::key)
          .thenComparing(TagCount::value);

  private TagCloudBuilder() {}

  static TagCloud build(Span[] spans, int top) {
    Map<String, Map<String, Integer>> spanPairs = new HashMap<>();
    Map<Resource, Integer> spansPerResource = new HashMap<>();
    Map<String, Map<String, Integer>> statuses = new HashMap<>();
    Map<String, Map<String, Integer>> errors = new HashMap<>();
    for (Span span : spans) {
      for (Attribute attribute : span.attributes()) {
        count(spanPairs, attribute, 1);
      }
      spansPerResource.merge(span.resource(), 1, Integer::sum);
      countHttpStatus(statuses, span);
      if (span.status().isError()) {
        String[] reason = errorReason(span);
        errors.computeIfAbsent(reason[0], k -> new HashMap<>()).merge(reason[1], 1, Integer::sum);
      }
    }
    Map<String, Map<String, Integer>> resourcePairs = new HashMap<>();
    spansPerResource.forEach(
        (resource, spanCount) -> {
          for (Attribute attribute : resource.attributes()) {
            count(resourcePairs, attribute, spanCount);
          }
        });
    return new TagCloud(
        ranked(withoutHighCardinalityKeys(spanPairs), false, top),
        ranked(withoutHighCardinalityKeys(resourcePairs), true, top),
        ranked(statuses, false, Integer.MAX_VALUE),
        ranked(errors, false, Integer.MAX_VALUE));
  }

  private static void count(
      Map<String, Map<String, Integer>> pairs, Attribute attribute, int spanCount) {
    String value = tagText(attribute.value());
    if (value != null) {
      pairs
          .computeIfAbsent(attribute.key(), k -> new HashMap<>())
          .merge(value, spanCount, Integer::sum);
    }
  }

  /** The value as a tag, or null when it is not one: structured, binary, ID-like or free text. */
  static String tagText(AttributeValue value) {
    String text =
        switch (value) {
          case AttributeValue.StringValue s -> s.value();
          case AttributeValue.LongValue l -> Long.toString(l.value());
          case AttributeValue.DoubleValue d -> Double.toString(d.value());
          case AttributeValue.BoolValue b -> Boolean.toString(b.value());
          case AttributeValue.BytesValue b -> null;
          case AttributeValue.ArrayValue a -> null;
          case AttributeValue.KeyValueList m -> null;
        };
    return text == null || isIdLike(text) ? null : text;
  }

  /** Too long, a UUID, 16+ hex digits (trace and span IDs, hashes) or 10+ digits (timestamps, numeric IDs). */
  static boolean isIdLike(String text) {
    int length = text.length();
    if (length > MAX_VALUE_LENGTH) {
      return true;
    }
    if (length == 36
        && text.charAt(8) == '-'
        && text.charAt(13) == '-'
        && text.charAt(18) == '-'
        && text.charAt(23) == '-'
        && allHex(text.replace("-", ""))) {
      return true;
    }
    if (length >= 16 && allHex(text)) {
      return true;
    }
    String digits = text.startsWith("-") ? text.substring(1) : text;
    return digits.length() >= 10 && digits.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static boolean allHex(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  /** A key with more than {@link #MAX_DISTINCT_VALUES} values averaging under two spans each is dropped. */
  private static Map<String, Map<String, Integer>> withoutHighCardinalityKeys(
      Map<String, Map<String, Integer>> pairs) {
    pairs
        .entrySet()
        .removeIf(
            entry -> {
              int distinct = entry.getValue().size();
              int occurrences =
                  entry.getValue().values().stream().mapToInt(Integer::intValue).sum();
              return distinct > MAX_DISTINCT_VALUES && distinct * 2 > occurrences;
            });
    return pairs;
  }

  private static List<TagCount> ranked(
      Map<String, Map<String, Integer>> pairs, boolean resource, int top) {
    List<TagCount> counts = new ArrayList<>();
    pairs.forEach(
        (key, values) ->
            values.forEach(
                (value, count) -> counts.add(new TagCount(key, value, count, resource))));
    counts.sort(MOST_FREQUENT_FIRST);
    return counts.size() > top ? counts.subList(0, top) : counts;
  }

  private static void countHttpStatus(Map<String, Map<String, Integer>> statuses, Span span) {
    for (String key : new String[] {"http.response.status_code", "http.status_code"}) {
      AttributeValue value = Attribute.find(span.attributes(), key);
      if (value != null) {
        statuses.computeIfAbsent(key, k -> new HashMap<>()).merge(value.asText(), 1, Integer::sum);
        return;
      }
    }
  }

  /** {key, value}: first exception event's type, else error.type, else the status message, else status. */
  private static String[] errorReason(Span span) {
    for (SpanEvent event : span.events()) {
      if (event.name().equals("exception")) {
        AttributeValue type = Attribute.find(event.attributes(), "exception.type");
        if (type != null) {
          return new String[] {"exception.type", type.asText()};
        }
      }
    }
    AttributeValue errorType = Attribute.find(span.attributes(), "error.type");
    if (errorType != null) {
      return new String[] {"error.type", errorType.asText()};
    }
    if (!span.status().message().isEmpty()) {
      return new String[] {"status.message", span.status().message()};
    }
    return new String[] {"status", "ERROR"};
  }
}
