package io.tracemate.http.prometheus.series;

import io.tracemate.promql.engine.Labels;
import io.tracemate.promql.engine.SampleSeries;
import io.tracemate.promql.engine.SelectRequest;
import io.tracemate.promql.engine.SeriesMatcher;
import io.tracemate.promql.engine.StaleMarker;
import io.tracemate.red.RedSeriesStore;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns one group's {@link SlotTable} into the samples a Prometheus scraping /metrics would have stored (see
 * {@link RedSeriesSource}): cumulative values at each slot's end on the store's slot grid, from the first increase
 * on, flat while nothing happens, a staleness marker once the family's expiration passes without an increase, and
 * from zero again after it. Stateless.
 */
final class CumulativeSeries {
  /** The {@code le} label. */
  static final String LE = "le";

  private CumulativeSeries() {}

  /** Whether any series of the family with these labels (any {@code le} of a histogram) passes the matchers. */
  static boolean mayMatch(Family family, Labels labels, SeriesMatcher matcher) {
    if (family.figure() != Family.Figure.BUCKETS) {
      return matcher.matches(labels);
    }
    double[] bounds = family.bounds();
    for (int i = 0; i <= bounds.length; i++) {
      if (matcher.matches(labels.with(LE, le(bounds, i)))) {
        return true;
      }
    }
    return false;
  }

  /** Prometheus client_java's spelling of a bound: {@code 2.0}, {@code 0.005}, {@code +Inf}. */
  static String le(double[] bounds, int index) {
    return index == bounds.length ? "+Inf" : Double.toString(bounds[index]);
  }

  static void emit(
      Family family,
      Labels labels,
      SlotTable table,
      long now,
      SelectRequest request,
      SeriesMatcher matcher,
      Consumer<SampleSeries> sink) {
    Map<Long, SlotTable.Cell> cells = table.cells();
    Long first = null;
    for (Map.Entry<Long, SlotTable.Cell> cell : cells.entrySet()) {
      if (family.activity(cell.getValue().calls, cell.getValue().errors) > 0) {
        first = cell.getKey();
        break;
      }
    }
    if (first == null) {
      return;
    }
    RedSeriesStore store = family.store();
    long resolution = store.config().resolution().toMillis();
    long rollup = store.config().rollupResolution().toMillis();
    long boundary = store.rollupBoundaryMillis(now);
    long lastStart = Math.max(Math.floorDiv(now, resolution) * resolution, table.lastStart());
    int outputs = family.figure() == Family.Figure.BUCKETS ? family.bounds().length + 1 : 1;
    Samples samples = new Samples(outputs);
    long minTime = request.minTimeMillis();
    long maxTime = request.maxTimeMillis();
    long expiration = family.expirationMillis();

    long calls = 0;
    long errors = 0;
    long sumNanos = 0;
    long[] buckets = new long[outputs];
    boolean alive = false;
    long lastIncrease = 0;
    for (long start = first; start <= lastStart; ) {
      long width = start < boundary ? rollup : resolution;
      long end = start + width;
      long stamp = end <= now || start > now ? end : Math.max(now, start + 1);
      SlotTable.Cell cell = cells.get(start);
      long increase = cell == null ? 0 : family.activity(cell.calls, cell.errors);
      if (increase > 0) {
        if (!alive) {
          alive = true;
          calls = 0;
          errors = 0;
          sumNanos = 0;
          Arrays.fill(buckets, 0);
        }
        lastIncrease = stamp;
      } else if (alive && expiration > 0 && stamp - lastIncrease > expiration) {
        long gone = lastIncrease + expiration;
        if (gone >= minTime && gone <= maxTime) {
          samples.stale(gone);
        }
        alive = false;
      }
      if (alive) {
        if (cell != null) {
          calls += cell.calls;
          errors += cell.errors;
          sumNanos += cell.sumNanos;
          if (cell.buckets != null) {
            for (int i = 0; i < outputs; i++) {
              buckets[i] += cell.buckets[i];
            }
          }
        }
        if (stamp >= minTime && stamp <= maxTime) {
          samples.add(stamp, family, calls, errors, sumNanos, buckets);
        }
      }
      if (stamp > maxTime) {
        break;
      }
      start = end;
    }
    if (samples.size == 0) {
      return;
    }
    for (int i = 0; i < outputs; i++) {
      Labels series =
          family.figure() == Family.Figure.BUCKETS
              ? labels.with(LE, le(family.bounds(), i))
              : labels;
      if (matcher.matches(series)) {
        sink.accept(samples.series(series, i));
      }
    }
  }

  /** The samples of a group's series, which share their timestamps. */
  private static final class Samples {
    private long[] timestamps = new long[64];
    private final double[][] values;
    private int size;

    Samples(int outputs) {
      values = new double[outputs][64];
    }

    void add(long stamp, Family family, long calls, long errors, long sumNanos, long[] buckets) {
      grow();
      timestamps[size] = stamp;
      switch (family.figure()) {
        case CALLS -> values[0][size] = calls;
        case ERRORS -> values[0][size] = errors;
        case NON_ERRORS -> values[0][size] = calls - errors;
        case DURATION_SUM -> values[0][size] = sumNanos / family.nanosPerUnit();
        case BUCKETS -> {
          long cumulative = 0;
          for (int i = 0; i < buckets.length; i++) {
            cumulative += buckets[i];
            values[i][size] = cumulative;
          }
        }
      }
      size++;
    }

    void stale(long stamp) {
      grow();
      timestamps[size] = size > 0 ? Math.max(stamp, timestamps[size - 1] + 1) : stamp;
      for (double[] output : values) {
        output[size] = StaleMarker.VALUE;
      }
      size++;
    }

    private void grow() {
      if (size == timestamps.length) {
        timestamps = Arrays.copyOf(timestamps, size * 2);
        for (int i = 0; i < values.length; i++) {
          values[i] = Arrays.copyOf(values[i], size * 2);
        }
      }
    }

    SampleSeries series(Labels labels, int output) {
      return new SampleSeries(
          labels, Arrays.copyOf(timestamps, size), Arrays.copyOf(values[output], size));
    }
  }
}
