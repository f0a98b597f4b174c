package io.tracemate.http.prometheus.series;

import io.tracemate.red.SeriesKey;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How the keys of a RED store read as the labels of the series a {@link Family} exposes: all of them for a series
 * that is read, and one at a time for the matchers' first test, which rejects most keys of a selector (a rule names
 * one service among thousands) and should not build a label map for each.
 */
@FunctionalInterface
interface ExposedLabels {
  /** The series' labels; null for a key that makes no series of the family. */
  Map<String, String> of(SeriesKey key);

  /**
   * One label of the series {@code key} makes, null when it has none; by default read from {@link #of}. For a key
   * {@link #of} refuses, any answer is allowed (the key is refused after).
   */
  default String label(SeriesKey key, String name) {
    Map<String, String> labels = of(key);
    return labels == null ? null : labels.get(name);
  }

  /** Labels whose single lookup is its own, allocation-free function. */
  static ExposedLabels of(
      Function<SeriesKey, Map<String, String>> all, BiFunction<SeriesKey, String, String> one) {
    return new ExposedLabels() {
      @Override
      public Map<String, String> of(SeriesKey key) {
        return all.apply(key);
      }

      @Override
      public String label(SeriesKey key, String name) {
        return one.apply(key, name);
      }
    };
  }
}
