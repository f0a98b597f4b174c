package io.tracemate.red;

import java.util.Arrays;

/**
 * One time slot of one series, while it is written to: counts, duration sum and a sparse latency histogram (only
 * non-empty buckets, as sorted bucket indexes with their counts). Older slots are kept as {@link SealedSlot}s.
 * Not thread-safe: guarded by its {@link Series}.
 */
final class Slot {
  /** Object layouts (compressed oops): Slot header+fields, and the two array headers. */
  private static final int SHALLOW_BYTES = 16 + 4 * 8 + 2 * 4 + 4 + 2 * 16;

  private static final int INITIAL_CAPACITY = 4;

  long index;
  long calls;
  long errors;
  long sumNanos;
  private short[] buckets = new short[INITIAL_CAPACITY];
  private int[] counts = new int[INITIAL_CAPACITY];
  private int size;

  Slot(long index) {
    this.index = index;
  }

  /** Reopens a sealed slot, for an observation that arrived late. */
  static Slot unseal(byte[] sealed) {
    Slot slot = new Slot(SealedSlot.index(sealed));
    SealedSlot.read(
        sealed,
        new SealedSlot.Reader() {
          @Override
          public void totals(long calls, long errors, long sumNanos) {
            slot.calls = calls;
            slot.errors = errors;
            slot.sumNanos = sumNanos;
          }

          @Override
          public void bucket(int bucket, int count) {
            slot.append(bucket, count);
          }
        });
    return slot;
  }

  byte[] seal() {
    return SealedSlot.seal(index, calls, errors, sumNanos, buckets, counts, size);
  }

  private void append(int bucket, int count) {
    if (size == buckets.length) {
      grow();
    }
    buckets[size] = (short) bucket;
    counts[size] = count;
    size++;
  }

  private void grow() {
    int capacity = size + (size >> 1) + 1;
    buckets = Arrays.copyOf(buckets, capacity);
    counts = Arrays.copyOf(counts, capacity);
  }

  /** Empties the slot for reuse by a newer time. */
  void reset(long newIndex) {
    index = newIndex;
    calls = 0;
    errors = 0;
    sumNanos = 0;
    size = 0;
    if (buckets.length > 4 * INITIAL_CAPACITY) {
      buckets = new short[INITIAL_CAPACITY];
      counts = new int[INITIAL_CAPACITY];
    }
  }

  void record(long durationNanos, boolean error) {
    calls++;
    if (error) {
      errors++;
    }
    sumNanos += durationNanos;
    // Counts per slot bucket stay far below 2^31: that would be 7 million calls per second in one
    // bucket of a 5 min slot.
    addToBucket(LatencyBuckets.index(durationNanos), 1);
  }

  /**
   * Adds another slot's content: its totals and its non-empty buckets ({@code buckets} strictly increasing
   * bucket indexes, {@code counts} their positive counts), as {@link RedSeriesStore#applyDelta} checked them.
   */
  void add(
      long deltaCalls,
      long deltaErrors,
      long deltaSumNanos,
      int[] deltaBuckets,
      int[] deltaCounts) {
    calls += deltaCalls;
    errors += deltaErrors;
    sumNanos += deltaSumNanos;
    for (int i = 0; i < deltaBuckets.length; i++) {
      addToBucket(deltaBuckets[i], deltaCounts[i]);
    }
  }

  private void addToBucket(int bucket, int count) {
    int at = Arrays.binarySearch(buckets, 0, size, (short) bucket);
    if (at >= 0) {
      counts[at] += count;
      return;
    }
    int insert = -at - 1;
    if (size == buckets.length) {
      grow();
    }
    System.arraycopy(buckets, insert, buckets, insert + 1, size - insert);
    System.arraycopy(counts, insert, counts, insert + 1, size - insert);
    buckets[insert] = (short) bucket;
    counts[insert] = count;
    size++;
  }

  /** The slot's content as a delta covering [startMillis, startMillis + widthMillis). */
  SlotDelta toDelta(long startMillis, long widthMillis) {
    int[] bucketIndexes = new int[size];
    for (int i = 0; i < size; i++) {
      bucketIndexes[i] = buckets[i];
    }
    return new SlotDelta(
        startMillis,
        widthMillis,
        calls,
        errors,
        sumNanos,
        bucketIndexes,
        Arrays.copyOf(counts, size));
  }

  void addTo(Accumulator accumulator) {
    accumulator.calls += calls;
    accumulator.errors += errors;
    accumulator.sumNanos += sumNanos;
    for (int i = 0; i < size; i++) {
      accumulator.buckets[buckets[i]] += counts[i];
    }
  }

  /** Hands the slot to {@code visitor}: its totals, then its non-empty buckets in order. */
  void visit(long startMillis, long widthMillis, SlotVisitor visitor) {
    visitor.slot(startMillis, widthMillis, calls, errors, sumNanos);
    for (int i = 0; i < size; i++) {
      visitor.bucket(buckets[i], counts[i]);
    }
  }

  long estimatedBytes() {
    return SHALLOW_BYTES + align(2L * buckets.length) + align(4L * counts.length);
  }

  private static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }
}
