package io.tracemate.promql.engine;

import java.util.Arrays;

/**
 * One series of an intermediate result: its labels, whether its metric name is to be dropped at the end of the
 * query (Prometheus' delayed name removal), and points in increasing time order. For instant vectors the points
 * sit on the evaluation steps; for range vectors (matrix selectors, subqueries) they are raw sample times. Built by
 * one evaluation step and then only read; not thread-safe.
 */
final class StepSeries {
  final Labels labels;
  final boolean dropName;
  private long[] times;
  private double[] values;
  private int size;

  StepSeries(Labels labels, boolean dropName) {
    this(labels, dropName, 4);
  }

  StepSeries(Labels labels, boolean dropName, int capacity) {
    this.labels = labels;
    this.dropName = dropName;
    this.times = new long[Math.max(1, capacity)];
    this.values = new double[Math.max(1, capacity)];
  }

  /** A series over existing arrays (owned from now on). */
  static StepSeries of(Labels labels, boolean dropName, long[] times, double[] values, int size) {
    StepSeries s = new StepSeries(labels, dropName, 0);
    s.times = times;
    s.values = values;
    s.size = size;
    return s;
  }

  void add(long time, double value) {
    if (size == times.length) {
      int capacity = size < 64 ? size * 2 : size + (size >> 1);
      times = Arrays.copyOf(times, capacity);
      values = Arrays.copyOf(values, capacity);
    }
    times[size] = time;
    values[size] = value;
    size++;
  }

  int size() {
    return size;
  }

  long time(int i) {
    return times[i];
  }

  double value(int i) {
    return values[i];
  }

  long[] times() {
    return times;
  }

  double[] values() {
    return values;
  }

  /** The same points under other labels. */
  StepSeries relabel(Labels newLabels, boolean newDropName) {
    return of(newLabels, newDropName, times, values, size);
  }
}
