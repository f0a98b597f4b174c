package io.tracemate.red;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Identity of one series: label pairs ordered by name, e.g.
 * {@code {service=order-service, span_kind=SERVER, span_name=GET /orders}}. Immutable.
 */
public record SeriesKey(SortedMap<String, String> labels) {

  /** The label every overflowed observation is recorded under, as the collector names it. */
  public static final String OVERFLOW_LABEL = "otel.metric.overflow";

  /** The one series that takes observations of new keys once {@link RedSeriesConfig#maxSeries()} is reached. */
  public static final SeriesKey OVERFLOW = SeriesKey.of(OVERFLOW_LABEL, "true");

  public SeriesKey {
    if (labels == null) {
      throw new IllegalArgumentException("series labels must not be null");
    }
    TreeMap<String, String> copy = new TreeMap<>();
    for (var label : labels.entrySet()) {
      if (label.getKey() == null || label.getValue() == null) {
        throw new IllegalArgumentException(
            "series label names and values must not be null: " + labels);
      }
      copy.put(label.getKey(), label.getValue());
    }
    labels = Collections.unmodifiableSortedMap(copy);
  }

  /**
   * {@code of("service", "a", "span_kind", "SERVER")}.
   *
   * @throws IllegalArgumentException for an odd number of arguments or a null
   */
  public static SeriesKey of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "SeriesKey.of takes name/value pairs, got " + namesAndValues.length + " arguments");
    }
    TreeMap<String, String> labels = new TreeMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i] == null || namesAndValues[i + 1] == null) {
        throw new IllegalArgumentException(
            "series label names and values must not be null (pair " + i / 2 + ")");
      }
      labels.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return new SeriesKey(labels);
  }

  /** The label's value, or null when absent. */
  public String get(String name) {
    return labels.get(name);
  }

  public boolean isOverflow() {
    return equals(OVERFLOW);
  }
}
