package io.tracemate.spanmetrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounds the distinct values of one extra dimension: the first {@code limit} values seen are kept, later new
 * ones become {@link #OTHER}, so one runaway attribute (an unparameterised URL as http.route) cannot use up the
 * whole series budget of every service. Thread-safe; remembers values for the process's life (bounded by limit).
 */
final class DimensionValueLimiter {
  /** The value standing for every value beyond the limit. */
  static final String OTHER = "__other__";

  private final int limit;
  private final ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
  private final AtomicInteger admitted = new AtomicInteger();
  private final LongAdder replaced = new LongAdder();

  DimensionValueLimiter(int limit) {
    this.limit = limit;
  }

  /** The value itself when known or admitted, {@link #OTHER} beyond the limit; null stays null. */
  String admit(String value) {
    if (value == null || seen.containsKey(value)) {
      return value;
    }
    Boolean admittedNow =
        seen.computeIfAbsent(
            value,
            v -> {
              if (admitted.incrementAndGet() <= limit) {
                return Boolean.TRUE;
              }
              admitted.decrementAndGet();
              return null;
            });
    if (admittedNow != null) {
      return value;
    }
    replaced.increment();
    return OTHER;
  }

  /** Spans whose value was replaced by {@link #OTHER}. */
  long replaced() {
    return replaced.sum();
  }
}
