package io.tracemate.promql.engine;

import io.tracemate.common.Cancellation;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * The reference {@link SeriesSource}: series kept in memory, appended in time order. Tests and the conformance suite
 * load data into it; a later binding can use it for small, bounded series sets.
 *
 * <p>Selection scans every series (its cost is linear in the number of series), copies the samples in range out
 * of each series under that series' lock and hands the copy to the sink after releasing it. Series are visited in
 * label order. Thread-safe: appends and selects may run concurrently.
 */
public final class InMemorySeriesSource implements SeriesSource {
  private static final int CHECK_EVERY = 4096;

  private final Map<Labels, Buffer> series = new ConcurrentSkipListMap<>();

  /**
   * Appends one sample.
   *
   * @throws IllegalArgumentException when {@code timestampMillis} is not after the series' last sample
   */
  public void append(Labels labels, long timestampMillis, double value) {
    series.computeIfAbsent(labels, l -> new Buffer()).append(labels, timestampMillis, value);
  }

  /** Appends a staleness marker: the series ends at {@code timestampMillis}. */
  public void appendStaleMarker(Labels labels, long timestampMillis) {
    append(labels, timestampMillis, StaleMarker.VALUE);
  }

  /** Removes every series. */
  public void clear() {
    series.clear();
  }

  /** Number of series held. */
  public int seriesCount() {
    return series.size();
  }

  @Override
  public void select(
      SelectRequest request, Cancellation cancellation, Consumer<SampleSeries> sink) {
    SeriesMatcher matcher = SeriesMatcher.of(request.matchers());
    String name = matcher.metricName();
    long visited = 0;
    for (Map.Entry<Labels, Buffer> entry : series.entrySet()) {
      if (++visited % CHECK_EVERY == 0) {
        cancellation.check();
      }
      Labels labels = entry.getKey();
      if (name != null && !name.equals(labels.get("__name__")) || !matcher.matches(labels)) {
        continue;
      }
      cancellation.check();
      SampleSeries samples =
          entry.getValue().copy(labels, request.minTimeMillis(), request.maxTimeMillis());
      if (samples.size() > 0) {
        sink.accept(samples);
      }
    }
  }

  /** One series' samples, growing by doubling. */
  private static final class Buffer {
    private long[] timestamps = new long[8];
    private double[] values = new double[8];
    private int size;

    synchronized void append(Labels labels, long t, double v) {
      if (size > 0 && t <= timestamps[size - 1]) {
        throw new IllegalArgumentException(
            "sample at "
                + t
                + " is not after the last one ("
                + timestamps[size - 1]
                + ") of "
                + labels);
      }
      if (size == timestamps.length) {
        timestamps = Arrays.copyOf(timestamps, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      timestamps[size] = t;
      values[size] = v;
      size++;
    }

    synchronized SampleSeries copy(Labels labels, long mint, long maxt) {
      int from = lowerBound(mint);
      int to = lowerBound(maxt == Long.MAX_VALUE ? maxt : maxt + 1);
      if (maxt == Long.MAX_VALUE) {
        to = size;
      }
      return new SampleSeries(
          labels, Arrays.copyOfRange(timestamps, from, to), Arrays.copyOfRange(values, from, to));
    }

    /** First index whose timestamp is at least {@code t}. */
    private int lowerBound(long t) {
      int lo = 0;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (timestamps[mid] < t) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }
}
