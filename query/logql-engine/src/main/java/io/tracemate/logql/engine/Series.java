package io.tracemate.logql.engine;

import io.tracemate.logs.model.LabelSet;
import java.util.Arrays;

/**
 * One series of a matrix: the points at the steps where the series has a value (absent steps are left out, as in
 * Prometheus), in ascending time. The arrays have the same length and must not be modified.
 */
public record Series(LabelSet metric, long[] timestampsMillis, double[] values) {
  public Series {
    if (timestampsMillis.length != values.length) {
      throw new IllegalArgumentException("timestamps and values differ in length");
    }
  }

  public int size() {
    return values.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Series s
        && s.metric.equals(metric)
        && Arrays.equals(s.timestampsMillis, timestampsMillis)
        && Arrays.equals(s.values, values);
  }

  @Override
  public int hashCode() {
    return metric.hashCode() * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(metric.toString()).append(" [");
    for (int i = 0; i < values.length; i++) {
      out.append(i == 0 ? "" : ", ").append(timestampsMillis[i]).append('=').append(values[i]);
    }
    return out.append(']').toString();
  }
}
