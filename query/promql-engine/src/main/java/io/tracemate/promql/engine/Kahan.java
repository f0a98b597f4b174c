package io.tracemate.promql.engine;

/**
 * Kahan-Babuska-Neumaier summation as Prometheus' {@code util/kahansum}: a running sum and its compensation, so
 * sums and averages over many samples keep the precision Prometheus' results have. The pair is passed around in a
 * two-element array to stay allocation-free in inner loops.
 */
final class Kahan {
  private Kahan() {}

  /** Adds {@code inc} to {@code acc[0]} (sum) with compensation {@code acc[1]}. */
  static void inc(double inc, double[] acc) {
    double sum = acc[0];
    double c = acc[1];
    double t = sum + inc;
    if (Double.isInfinite(t)) {
      c = 0;
    } else if (Math.abs(sum) >= Math.abs(inc)) {
      c += (sum - t) + inc;
    } else {
      c += (inc - t) + sum;
    }
    acc[0] = t;
    acc[1] = c;
  }
}
