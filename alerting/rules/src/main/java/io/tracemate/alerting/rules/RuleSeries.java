package io.tracemate.alerting.rules;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One series of an expression evaluated over a range: its labels and its points, at the steps where it had a value
 * (absent steps are left out, as in a range query's matrix). The arrays must not be modified.
 *
 * @param labels sorted by name; {@code __name__} kept when the result has it
 * @param timesMillis ascending step times, Unix epoch milliseconds
 * @param values the value at each of {@code timesMillis}; may be NaN
 */
public record RuleSeries(SortedMap<String, String> labels, long[] timesMillis, double[] values) {
  public RuleSeries {
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    if (timesMillis.length != values.length) {
      throw new IllegalArgumentException("times and values differ in length");
    }
  }
}
