package io.tracemate.alerting.rules;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One element of a rule's result: a label set (without {@code __name__} for alerts) and its value.
 *
 * @param labels sorted by name
 * @param value the expression's value; may be NaN
 */
public record RuleSample(SortedMap<String, String> labels, double value) {
  public RuleSample {
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }
}
