package io.tracemate.spanmetrics;

import io.tracemate.model.SpanKind;
import io.tracemate.red.SeriesKey;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Which span-metric series a RED query covers: null (or empty) fields match everything. {@code dimensions}
 * match configured dimensions by attribute name, e.g. {@code {http.route=/orders/{id}}}.
 *
 * @param service the service, or null for all
 * @param spanName the span name (operation), or null for all
 * @param kinds span kinds, or empty for all
 * @param dimensions required dimension values
 */
public record RedFilter(
    String service, String spanName, Set<SpanKind> kinds, Map<String, String> dimensions) {

  /** What a service serves: its SERVER and CONSUMER spans, the entry points callers and queues see. */
  public static final Set<SpanKind> ENTRY_KINDS = Set.of(SpanKind.SERVER, SpanKind.CONSUMER);

  public RedFilter {
    kinds = kinds == null || kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    dimensions = dimensions == null ? Map.of() : Map.copyOf(new TreeMap<>(dimensions));
  }

  public static RedFilter all() {
    return new RedFilter(null, null, Set.of(), Map.of());
  }

  /** The SERVER and CONSUMER spans of one service. */
  public static RedFilter entryPoints(String service) {
    return new RedFilter(service, null, ENTRY_KINDS, Map.of());
  }

  public RedFilter withSpanName(String name) {
    return new RedFilter(service, name, kinds, dimensions);
  }

  public RedFilter withKinds(Set<SpanKind> newKinds) {
    return new RedFilter(service, spanName, newKinds, dimensions);
  }

  public RedFilter withDimension(String name, String value) {
    Map<String, String> more = new TreeMap<>(dimensions);
    more.put(name, value);
    return new RedFilter(service, spanName, kinds, more);
  }

  /**
   * The predicate over internal series keys ({@link RedLabels}). It matches span-metric series only (keys with
   * span_name and span_kind), so a store shared with other recorders (the service graph's edge series) is safe,
   * and never the overflow series.
   */
  public Predicate<SeriesKey> toPredicate() {
    Set<String> kindNames =
        kinds.stream().map(Enum::name).collect(java.util.stream.Collectors.toUnmodifiableSet());
    return key -> {
      String kind = key.get(RedLabels.SPAN_KIND);
      if (kind == null || key.get(RedLabels.SPAN_NAME) == null) {
        return false;
      }
      if (service != null && !service.equals(key.get(RedLabels.SERVICE))) {
        return false;
      }
      if (spanName != null && !spanName.equals(key.get(RedLabels.SPAN_NAME))) {
        return false;
      }
      if (!kindNames.isEmpty() && !kindNames.contains(kind)) {
        return false;
      }
      for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
        if (!dimension.getValue().equals(key.get(dimension.getKey()))) {
          return false;
        }
      }
      return true;
    };
  }
}
