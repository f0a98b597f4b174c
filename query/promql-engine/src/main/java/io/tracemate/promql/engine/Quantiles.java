package io.tracemate.promql.engine;

import java.util.Arrays;

/** Prometheus' {@code quantile}: φ-quantile of values with linear interpolation between the closest ranks. */
final class Quantiles {
  private Quantiles() {}

  /**
   * The q-quantile of {@code values[0..n)} (sorted in place, NaN first as Prometheus orders them); NaN for no
   * values or q NaN, -Inf for q &lt; 0, +Inf for q &gt; 1.
   */
  static double quantile(double q, double[] values, int n) {
    if (n == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    sortNaNFirst(values, n);
    double rank = q * (n - 1);
    double lowerIndex = Math.max(0, Math.floor(rank));
    double upperIndex = Math.min(n - 1, lowerIndex + 1);
    double weight = rank - Math.floor(rank);
    return values[(int) lowerIndex] * (1 - weight) + values[(int) upperIndex] * weight;
  }

  /** Ascending, NaN before every number (Prometheus' vectorByValueHeap order). */
  static void sortNaNFirst(double[] values, int n) {
    Arrays.sort(values, 0, n);
    int nans = 0;
    for (int i = n - 1; i >= 0 && Double.isNaN(values[i]); i--) {
      nans++;
    }
    if (nans > 0) {
      System.arraycopy(values, 0, values, nans, n - nans);
      Arrays.fill(values, 0, nans, Double.NaN);
    }
  }
}
