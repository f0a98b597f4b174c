package io.tracemate.red;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Identity of one series: label pairs ordered by name, e.g.
 * {@code {service=order-service, span_kind=SERVER, span_name=GET /orders}}. Immutable.
 *
 * <p>A class rather than a record for one reason: ingest looks a key up in the series map for every span, and a
 * record's hash would walk the label map on each lookup; this one is computed once, over the ordered pairs (a
 * map's own hash sums {@code name ^ value} per pair, which swapped or shuffled values collide on).
 */
public final class SeriesKey {

  /** The label every overflowed observation is recorded under, as the collector names it. */
  public static final String OVERFLOW_LABEL = "otel.metric.overflow";

  /** The one series that takes observations of new keys once {@link RedSeriesConfig#maxSeries()} is reached. */
  public static final SeriesKey OVERFLOW = SeriesKey.of(OVERFLOW_LABEL, "true");

  private final SortedMap<String, String> labels;
  private final int hash;

  public SeriesKey(SortedMap<String, String> labels) {
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
    this.labels = Collections.unmodifiableSortedMap(copy);
    int h = 1;
    for (var label : copy.entrySet()) {
      h = 31 * (31 * h + label.getKey().hashCode()) + label.getValue().hashCode();
    }
    this.hash = h;
  }

  /** The label pairs, ordered by name; unmodifiable. */
  public SortedMap<String, String> labels() {
    return labels;
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

  @Override
  public boolean equals(Object other) {
    return other == this
        || other instanceof SeriesKey key && key.hash == hash && key.labels.equals(labels);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "SeriesKey[labels=" + labels + "]";
  }
}
