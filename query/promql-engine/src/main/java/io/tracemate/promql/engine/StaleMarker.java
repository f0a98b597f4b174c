package io.tracemate.promql.engine;

/**
 * Prometheus' staleness marker: a NaN with a special bit pattern ({@code 0x7ff0000000000002}) stored as a sample
 * when a series ends (its target disappeared, or it was not in the last scrape or export). An instant selector
 * that finds a marker as its latest sample treats the series as absent, instead of returning the previous value for
 * the whole lookback delta; range selectors skip markers.
 */
public final class StaleMarker {
  /** The marker's bits. */
  public static final long BITS = 0x7ff0000000000002L;

  /** The marker as a double, to store as a sample value. */
  public static final double VALUE = Double.longBitsToDouble(BITS);

  private StaleMarker() {}

  /** Whether a stored sample value is the staleness marker (an ordinary NaN is not). */
  public static boolean isStale(double value) {
    return Double.doubleToRawLongBits(value) == BITS;
  }
}
