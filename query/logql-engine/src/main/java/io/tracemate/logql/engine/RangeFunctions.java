package io.tracemate.logql.engine;

import io.tracemate.logql.syntax.RangeOp;
import java.util.Arrays;

/**
 * The functions of range aggregations over the samples of one window (timestamps in nanoseconds, ascending),
 * ported from Loki's range_vector.go. Stateless.
 */
final class RangeFunctions {
  private RangeFunctions() {}

  /**
   * @param from index of the window's first sample
   * @param to index after the window's last sample (> from)
   */
  static double apply(
      RangeOp op,
      double parameter,
      long rangeNanos,
      long[] times,
      double[] values,
      int from,
      int to,
      boolean unwrapped) {
    double seconds = rangeNanos / 1e9;
    int count = to - from;
    return switch (op) {
      case COUNT_OVER_TIME -> count;
      case RATE -> unwrapped ? sum(values, from, to) / seconds : count / seconds;
      case BYTES_OVER_TIME, SUM_OVER_TIME -> sum(values, from, to);
      case BYTES_RATE -> sum(values, from, to) / seconds;
      case AVG_OVER_TIME -> avg(values, from, to);
      case MIN_OVER_TIME -> {
        double min = values[from];
        for (int i = from; i < to; i++) {
          if (values[i] < min || Double.isNaN(min)) {
            min = values[i];
          }
        }
        yield min;
      }
      case MAX_OVER_TIME -> {
        double max = values[from];
        for (int i = from; i < to; i++) {
          if (values[i] > max || Double.isNaN(max)) {
            max = values[i];
          }
        }
        yield max;
      }
      case STDVAR_OVER_TIME -> stdvar(values, from, to);
      case STDDEV_OVER_TIME -> Math.sqrt(stdvar(values, from, to));
      case QUANTILE_OVER_TIME -> quantile(parameter, Arrays.copyOfRange(values, from, to));
      case FIRST_OVER_TIME -> values[from];
      case LAST_OVER_TIME -> values[to - 1];
      case ABSENT_OVER_TIME -> 1;
      case RATE_COUNTER -> extrapolatedRate(times, values, from, to, rangeNanos);
    };
  }

  private static double sum(double[] values, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += values[i];
    }
    return sum;
  }

  private static double avg(double[] values, int from, int to) {
    double mean = 0;
    double count = 0;
    for (int i = from; i < to; i++) {
      double v = values[i];
      count++;
      if (Double.isInfinite(mean)) {
        if (Double.isInfinite(v) && (mean > 0) == (v > 0)) {
          continue;
        }
        if (!Double.isInfinite(v) && !Double.isNaN(v)) {
          continue;
        }
      }
      mean += v / count - mean / count;
    }
    return mean;
  }

  private static double stdvar(double[] values, int from, int to) {
    double aux = 0;
    double count = 0;
    double mean = 0;
    for (int i = from; i < to; i++) {
      count++;
      double delta = values[i] - mean;
      mean += delta / count;
      aux += delta * (values[i] - mean);
    }
    return aux / count;
  }

  /** Prometheus' quantile: weighted between the two nearest ranks; NaN when empty, ±Inf outside [0, 1]. */
  static double quantile(double q, double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    Arrays.sort(values);
    double n = values.length;
    double rank = q * (n - 1);
    double lower = Math.max(0, Math.floor(rank));
    double upper = Math.min(n - 1, lower + 1);
    double weight = rank - Math.floor(rank);
    return values[(int) lower] * (1 - weight) + values[(int) upper] * weight;
  }

  /** Prometheus' extrapolatedRate for counters (rate_counter): resets handled, extrapolated to the window. */
  private static double extrapolatedRate(
      long[] times, double[] values, int from, int to, long rangeNanos) {
    if (to - from < 2) {
      return 0;
    }
    double first = values[from];
    double last = values[to - 1];
    long firstT = times[from] / 1_000_000;
    long lastT = times[to - 1] / 1_000_000;
    long rangeStart = firstT - rangeNanos / 1_000_000;
    long rangeEnd = lastT;
    double result = last - first;
    double previous = 0;
    for (int i = from; i < to; i++) {
      if (values[i] < previous) {
        result += previous;
      }
      previous = values[i];
    }
    double durationToStart = (firstT - rangeStart) / 1000.0;
    double durationToEnd = (rangeEnd - lastT) / 1000.0;
    double sampled = (lastT - firstT) / 1000.0;
    double averageBetween = sampled / (to - from - 1);
    if (result > 0 && first >= 0) {
      double durationToZero = sampled * (first / result);
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    double threshold = averageBetween * 1.1;
    double extrapolateTo = sampled;
    extrapolateTo += durationToStart < threshold ? durationToStart : averageBetween / 2;
    extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetween / 2;
    result = result * (extrapolateTo / sampled);
    return result / (rangeNanos / 1e9);
  }
}
