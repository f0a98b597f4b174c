package io.tracemate.promql.engine;

import java.util.Objects;

/**
 * The raw samples of one series that a {@link SeriesSource} returns: timestamps (Unix milliseconds, strictly
 * increasing) and float values, which may include {@link StaleMarker#VALUE}. The arrays are owned by the series
 * once constructed (callers must not change them); instances are immutable and thread-safe. Not a record: equality
 * of sample arrays by content is not something callers should rely on.
 */
public final class SampleSeries {
  private final Labels labels;
  private final long[] timestamps;
  private final double[] values;

  /**
   * @throws IllegalArgumentException when the arrays differ in length or the timestamps do not increase
   */
  public SampleSeries(Labels labels, long[] timestamps, double[] values) {
    this.labels = Objects.requireNonNull(labels, "labels");
    this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
    this.values = Objects.requireNonNull(values, "values");
    if (timestamps.length != values.length) {
      throw new IllegalArgumentException("timestamps and values differ in length");
    }
    for (int i = 1; i < timestamps.length; i++) {
      if (timestamps[i] <= timestamps[i - 1]) {
        throw new IllegalArgumentException(
            "timestamps must increase, got "
                + timestamps[i - 1]
                + " then "
                + timestamps[i]
                + " in "
                + labels);
      }
    }
  }

  public Labels labels() {
    return labels;
  }

  public int size() {
    return timestamps.length;
  }

  /** Timestamp of the i-th sample, Unix milliseconds. */
  public long timestamp(int i) {
    return timestamps[i];
  }

  /** Value of the i-th sample. */
  public double value(int i) {
    return values[i];
  }

  long[] timestampArray() {
    return timestamps;
  }

  double[] valueArray() {
    return values;
  }

  @Override
  public String toString() {
    return labels + " (" + timestamps.length + " samples)";
  }
}
