package io.tracemate.http.prometheus.series;

import io.tracemate.red.LatencyBuckets;
import io.tracemate.red.SlotVisitor;
import java.util.Map;
import java.util.TreeMap;

/**
 * The slots of the store keys one Prometheus series covers, summed slot by slot (the keys of one store share its
 * slot grid): calls, errors, duration sum and, for a histogram, the calls per bucket of the family's bounds. A
 * store latency bucket is counted in the first bound its reported value (within 2 % of every duration it holds) is
 * at most. Single-threaded: filled by one query.
 */
final class SlotTable implements SlotVisitor {

  /** One slot's sums. */
  static final class Cell {
    final long widthMillis;
    long calls;
    long errors;
    long sumNanos;
    final long[] buckets;

    Cell(long widthMillis, int buckets) {
      this.widthMillis = widthMillis;
      this.buckets = buckets == 0 ? null : new long[buckets];
    }
  }

  private final TreeMap<Long, Cell> cells = new TreeMap<>();
  private final int[] boundOfBucket;
  private final int bucketCount;
  private Cell current;

  /** @param boundOfBucket for each store latency bucket, the index of the family's bound it counts in; null: none */
  SlotTable(int[] boundOfBucket, int bucketCount) {
    this.boundOfBucket = boundOfBucket;
    this.bucketCount = boundOfBucket == null ? 0 : bucketCount;
  }

  /**
   * For each store latency bucket the index of the first of {@code bounds} (in a unit of {@code nanosPerUnit}) its
   * reported duration is at most; {@code bounds.length} (the +Inf bucket) beyond the last.
   */
  static int[] boundOfBucket(double[] bounds, double nanosPerUnit) {
    int[] index = new int[LatencyBuckets.COUNT];
    for (int bucket = 0; bucket < index.length; bucket++) {
      double value = LatencyBuckets.representativeNanos(bucket) / nanosPerUnit;
      int at = 0;
      while (at < bounds.length && value > bounds[at]) {
        at++;
      }
      index[bucket] = at;
    }
    return index;
  }

  @Override
  public void slot(long startMillis, long widthMillis, long calls, long errors, long sumNanos) {
    current = cells.computeIfAbsent(startMillis, s -> new Cell(widthMillis, bucketCount));
    current.calls += calls;
    current.errors += errors;
    current.sumNanos += sumNanos;
  }

  @Override
  public void bucket(int bucket, int count) {
    if (current.buckets != null) {
      current.buckets[boundOfBucket[bucket]] += count;
    }
  }

  /** The start of the newest slot with data; only when not {@link #isEmpty()}. */
  long lastStart() {
    return cells.lastKey();
  }

  boolean isEmpty() {
    return cells.isEmpty();
  }

  /** Slots with data by start time, oldest first. */
  Map<Long, Cell> cells() {
    return cells;
  }
}
