package io.tracemate.promql.engine;

import io.tracemate.promql.syntax.Function;

/**
 * The functions over range vectors, ported from Prometheus' {@code functions.go} for float samples: each computes
 * one value from the samples of one series in one window, or reports that it has none (rate needs two samples).
 * Stateless.
 */
final class RangeFunctions {
  private RangeFunctions() {}

  /** One range function; returns whether it produced {@code out[0]}. */
  @FunctionalInterface
  interface RangeFunction {
    boolean apply(Window w, double[] out, double[] scratch);
  }

  static RangeFunction of(Function f) {
    return switch (f) {
      case RATE -> (w, out, s) -> extrapolatedRate(w, out, true, true);
      case INCREASE -> (w, out, s) -> extrapolatedRate(w, out, true, false);
      case DELTA -> (w, out, s) -> extrapolatedRate(w, out, false, false);
      case IRATE -> (w, out, s) -> instantValue(w, out, true);
      case IDELTA -> (w, out, s) -> instantValue(w, out, false);
      case AVG_OVER_TIME -> (w, out, s) -> set(out, avg(w));
      case SUM_OVER_TIME -> (w, out, s) -> set(out, sum(w));
      case COUNT_OVER_TIME -> (w, out, s) -> set(out, w.size());
      case MIN_OVER_TIME -> (w, out, s) -> set(out, extreme(w, false));
      case MAX_OVER_TIME -> (w, out, s) -> set(out, extreme(w, true));
      case LAST_OVER_TIME -> (w, out, s) -> set(out, w.v[w.to - 1]);
      case FIRST_OVER_TIME -> (w, out, s) -> set(out, w.v[w.from]);
      case PRESENT_OVER_TIME, ABSENT_OVER_TIME -> (w, out, s) -> set(out, 1);
      case QUANTILE_OVER_TIME -> RangeFunctions::quantile;
      case STDDEV_OVER_TIME -> (w, out, s) -> set(out, Math.sqrt(variance(w)));
      case STDVAR_OVER_TIME -> (w, out, s) -> set(out, variance(w));
      case CHANGES -> (w, out, s) -> set(out, changes(w));
      case RESETS -> (w, out, s) -> set(out, resets(w));
      case DERIV -> (w, out, s) -> w.size() >= 2 && set(out, slope(w, w.t[w.from], s));
      case PREDICT_LINEAR -> RangeFunctions::predictLinear;
      default -> throw new IllegalArgumentException(f + " is not a range function");
    };
  }

  private static boolean set(double[] out, double value) {
    out[0] = value;
    return true;
  }

  /** rate, increase, delta: the change over the window, extrapolated towards its edges as Prometheus does. */
  private static boolean extrapolatedRate(
      Window w, double[] out, boolean isCounter, boolean isRate) {
    int n = w.size();
    if (n < 2) {
      return false;
    }
    int first = w.from;
    int last = w.to - 1;
    double result = w.v[last] - w.v[first];
    if (isCounter) {
      for (int i = first + 1; i <= last; i++) {
        if (w.v[i] < w.v[i - 1]) {
          result += w.v[i - 1];
        }
      }
    }
    double durationToStart = (w.t[first] - w.rangeStart) / 1000.0;
    double durationToEnd = (w.rangeEnd - w.t[last]) / 1000.0;
    double sampledInterval = (w.t[last] - w.t[first]) / 1000.0;
    double averageDurationBetweenSamples = sampledInterval / (n - 1);
    double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
    if (durationToStart >= extrapolationThreshold) {
      durationToStart = averageDurationBetweenSamples / 2;
    }
    if (isCounter) {
      // Counters cannot go below zero: do not extrapolate the start further back than where it
      // would be zero.
      double durationToZero = durationToStart;
      if (result > 0 && w.v[first] >= 0) {
        durationToZero = sampledInterval * (w.v[first] / result);
      }
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    if (durationToEnd >= extrapolationThreshold) {
      durationToEnd = averageDurationBetweenSamples / 2;
    }
    double factor = 1.0;
    if (sampledInterval != 0) {
      factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
    }
    if (isRate) {
      factor /= w.rangeMillis / 1000.0;
    }
    out[0] = result * factor;
    return true;
  }

  /** irate, idelta: from the last two samples only. */
  private static boolean instantValue(Window w, double[] out, boolean isRate) {
    if (w.size() < 2) {
      return false;
    }
    int previous = w.to - 2;
    int last = w.to - 1;
    long sampledInterval = w.t[last] - w.t[previous];
    if (sampledInterval == 0) {
      return false;
    }
    double result = w.v[last];
    if (!isRate || !(w.v[last] < w.v[previous])) {
      result = w.v[last] - w.v[previous];
    }
    if (isRate) {
      result /= sampledInterval / 1000.0;
    }
    out[0] = result;
    return true;
  }

  /** Mean with Kahan summation, switching to an incremental mean once the sum would overflow. */
  private static double avg(Window w) {
    double[] acc = {w.v[w.from], 0};
    double count = 1;
    double mean = 0;
    boolean incremental = false;
    for (int i = w.from + 1; i < w.to; i++) {
      double f = w.v[i];
      count = i - w.from + 1;
      if (!incremental) {
        double sum = acc[0];
        double c = acc[1];
        Kahan.inc(f, acc);
        if (!Double.isInfinite(acc[0])) {
          continue;
        }
        incremental = true;
        mean = sum / (count - 1);
        acc[0] = mean;
        acc[1] = c / (count - 1);
      }
      double q = (count - 1) / count;
      acc[0] *= q;
      acc[1] *= q;
      Kahan.inc(f / count, acc);
    }
    if (incremental) {
      return acc[0] + acc[1];
    }
    return acc[0] / count + acc[1] / count;
  }

  private static double sum(Window w) {
    double[] acc = {0, 0};
    for (int i = w.from; i < w.to; i++) {
      Kahan.inc(w.v[i], acc);
    }
    return Double.isInfinite(acc[0]) ? acc[0] : acc[0] + acc[1];
  }

  /** min_over_time / max_over_time; NaN only when every sample is NaN. */
  private static double extreme(Window w, boolean max) {
    double best = w.v[w.from];
    for (int i = w.from; i < w.to; i++) {
      double f = w.v[i];
      if ((max ? f > best : f < best) || Double.isNaN(best)) {
        best = f;
      }
    }
    return best;
  }

  private static boolean quantile(Window w, double[] out, double[] scratch) {
    int n = w.size();
    double[] values = scratch.length >= n ? scratch : new double[n];
    System.arraycopy(w.v, w.from, values, 0, n);
    out[0] = Quantiles.quantile(w.param, values, n);
    return true;
  }

  /** Population variance with Welford's method and Kahan-compensated sums. */
  private static double variance(Window w) {
    double count = 0;
    double[] mean = {0, 0};
    double[] aux = {0, 0};
    for (int i = w.from; i < w.to; i++) {
      double f = w.v[i];
      count++;
      double delta = f - (mean[0] + mean[1]);
      Kahan.inc(delta / count, mean);
      Kahan.inc(delta * (f - (mean[0] + mean[1])), aux);
    }
    return (aux[0] + aux[1]) / count;
  }

  private static double changes(Window w) {
    int changes = 0;
    for (int i = w.from + 1; i < w.to; i++) {
      double previous = w.v[i - 1];
      double current = w.v[i];
      if (current != previous && !(Double.isNaN(current) && Double.isNaN(previous))) {
        changes++;
      }
    }
    return changes;
  }

  private static double resets(Window w) {
    int resets = 0;
    for (int i = w.from + 1; i < w.to; i++) {
      if (w.v[i] < w.v[i - 1]) {
        resets++;
      }
    }
    return resets;
  }

  private static boolean predictLinear(Window w, double[] out, double[] scratch) {
    if (w.size() < 2) {
      return false;
    }
    double[] fit = regression(w, w.stepTime);
    out[0] = fit[0] * w.param + fit[1];
    return true;
  }

  private static double slope(Window w, long interceptTime, double[] scratch) {
    return regression(w, interceptTime)[0];
  }

  /** Least-squares slope and intercept (at {@code interceptTime}), Kahan-compensated as in Prometheus. */
  private static double[] regression(Window w, long interceptTime) {
    double n = 0;
    double[] sumX = {0, 0};
    double[] sumY = {0, 0};
    double[] sumXY = {0, 0};
    double[] sumX2 = {0, 0};
    double initY = w.v[w.from];
    boolean constY = true;
    for (int i = w.from; i < w.to; i++) {
      double y = w.v[i];
      if (constY && i > w.from && y != initY) {
        constY = false;
      }
      n += 1.0;
      double x = (w.t[i] - interceptTime) / 1e3;
      Kahan.inc(x, sumX);
      Kahan.inc(y, sumY);
      Kahan.inc(x * y, sumXY);
      Kahan.inc(x * x, sumX2);
    }
    if (constY) {
      if (Double.isInfinite(initY)) {
        return new double[] {Double.NaN, Double.NaN};
      }
      return new double[] {0, initY};
    }
    double sx = sumX[0] + sumX[1];
    double sy = sumY[0] + sumY[1];
    double sxy = sumXY[0] + sumXY[1];
    double sx2 = sumX2[0] + sumX2[1];
    double covXY = sxy - sx * sy / n;
    double varX = sx2 - sx * sx / n;
    double slope = covXY / varX;
    double intercept = sy / n - slope * sx / n;
    return new double[] {slope, intercept};
  }
}
