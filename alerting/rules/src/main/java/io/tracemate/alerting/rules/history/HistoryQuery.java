package io.tracemate.alerting.rules.history;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What one read of the alert history asks for: transitions in {@code [start, end]}, newest first, at most {@code
 * limit}, that pass {@code filter}.
 *
 * @param start earliest time, inclusive
 * @param end latest time, inclusive
 * @param states the states moved to that count; empty: all
 * @param labels a test of an entry's labels (name and service filters, label matchers); never null
 * @param limit most entries answered, 1 to {@value #MAX_LIMIT}
 */
public record HistoryQuery(
    Instant start,
    Instant end,
    Set<HistoryState> states,
    Predicate<Map<String, String>> labels,
    int limit) {
  public static final int MAX_LIMIT = 5_000;

  public HistoryQuery {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end " + end + " is before start " + start);
    }
    states = Set.copyOf(states);
    Objects.requireNonNull(labels, "labels");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
    }
  }

  boolean matches(AlertTransition entry) {
    return !entry.time().isBefore(start)
        && !entry.time().isAfter(end)
        && (states.isEmpty() || states.contains(entry.to()))
        && labels.test(entry.labels());
  }
}
