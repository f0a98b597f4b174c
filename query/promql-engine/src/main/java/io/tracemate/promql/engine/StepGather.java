package io.tracemate.promql.engine;

import java.util.List;

/**
 * Walks the series of an instant vector step by step: {@link #advance} collects the series that have a point at
 * the given time (times must be asked in increasing order). Not thread-safe.
 */
final class StepGather {
  private final List<StepSeries> series;
  private final int[] cursors;

  /** Indexes (into the series list) and values present at the last advanced step. */
  final int[] present;

  final double[] values;
  int count;

  StepGather(List<StepSeries> series) {
    this.series = series;
    this.cursors = new int[series.size()];
    this.present = new int[series.size()];
    this.values = new double[series.size()];
  }

  void advance(long time) {
    count = 0;
    for (int i = 0; i < cursors.length; i++) {
      StepSeries s = series.get(i);
      int c = cursors[i];
      while (c < s.size() && s.time(c) < time) {
        c++;
      }
      if (c < s.size() && s.time(c) == time) {
        present[count] = i;
        values[count] = s.value(c);
        count++;
        c++;
      }
      cursors[i] = c;
    }
  }

  StepSeries series(int presentIndex) {
    return series.get(present[presentIndex]);
  }
}
