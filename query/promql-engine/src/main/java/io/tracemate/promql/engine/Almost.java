package io.tracemate.promql.engine;

/**
 * Prometheus' {@code util/almost}: float comparison within a relative tolerance, which the engine uses where
 * floating point noise must not count (bucket counts of {@code histogram_quantile}) and promqltest uses to compare
 * results. Stateless.
 */
public final class Almost {
  private Almost() {}

  /**
   * Prometheus' {@code almost.Equal}: true when both are NaN, or when {@code a} and {@code b} differ by less than
   * {@code epsilon} relative to their magnitudes (absolutely, near zero).
   */
  public static boolean equal(double a, double b, double epsilon) {
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return true;
    }
    if (a == b) {
      return true;
    }
    double minNormal = Double.MIN_NORMAL;
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < minNormal) {
      return diff < epsilon * minNormal;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
  }
}
