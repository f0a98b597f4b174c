package io.tracemate.promql.engine;

/**
 * The samples a range function sees at one step: {@code t[from..to)} and {@code v[from..to)}, all in
 * {@code (rangeStart, rangeEnd]}, never empty, stale markers removed; plus the range, the step's time and the
 * step's scalar arguments. One instance is reused for every step of a call; not thread-safe.
 */
final class Window {
  long[] t;
  double[] v;
  int from;
  int to;

  /** Exclusive start of the range: {@code rangeEnd - range}. */
  long rangeStart;

  /** Inclusive end of the range: the step's time (or the {@code @} time) minus the offset. */
  long rangeEnd;

  long rangeMillis;

  /** The step's evaluation time (predict_linear's intercept). */
  long stepTime;

  /** The function's scalar argument at this step (quantile_over_time's q, predict_linear's seconds). */
  double param;

  int size() {
    return to - from;
  }
}
