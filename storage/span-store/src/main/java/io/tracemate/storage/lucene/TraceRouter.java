package io.tracemate.storage.lucene;

import io.tracemate.model.TraceId;

/**
 * Remembers which partition each recently seen trace went to, so that all spans of a trace land in the
 * partition that saw it first, whatever their own start times, and retention drops traces whole.
 *
 * <p>A fixed-size, direct-mapped table: a new trace overwrites whatever trace shared its slot. Memory stays
 * bounded (24 bytes a slot) and a lookup is one hash and one comparison; the price is that an
 * evicted trace is routed by its span's start time again, which the store backs up by looking the trace up
 * in the neighbouring partition near partition boundaries. Thread-safe (striped locks keep the three
 * arrays of a slot consistent).
 */
final class TraceRouter {
  static final long UNKNOWN = Long.MIN_VALUE;
  private static final int STRIPES = 64;

  private final long[] highs;
  private final long[] lows;
  private final long[] partitions;
  private final Object[] locks = new Object[STRIPES];
  private final int mask;

  TraceRouter(int capacity) {
    int size =
        capacity <= STRIPES ? STRIPES : Integer.highestOneBit(Math.min(capacity, 1 << 28) - 1) << 1;
    highs = new long[size];
    lows = new long[size];
    partitions = new long[size];
    java.util.Arrays.fill(partitions, UNKNOWN);
    mask = size - 1;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /** Decides where a trace goes when the router does not know it (or knows a partition that is gone). */
  interface Policy {
    boolean isLive(long partitionStartSeconds);

    /** The partition start for a trace seen for the first time, or {@link #UNKNOWN} to discard the span. */
    long place(TraceId traceId, long spanStartNanos);
  }

  /**
   * The partition (start, epoch seconds) of the span's trace: the remembered one while it is live, otherwise
   * the policy's choice, which is then remembered. Atomic per trace, so two writers racing with spans of a
   * new trace agree on its partition.
   */
  long route(TraceId traceId, long spanStartNanos, Policy policy) {
    int slot = slot(traceId);
    synchronized (locks[slot & (STRIPES - 1)]) {
      if (highs[slot] == traceId.high()
          && lows[slot] == traceId.low()
          && partitions[slot] != UNKNOWN
          && policy.isLive(partitions[slot])) {
        return partitions[slot];
      }
      long partition = policy.place(traceId, spanStartNanos);
      if (partition != UNKNOWN) {
        highs[slot] = traceId.high();
        lows[slot] = traceId.low();
        partitions[slot] = partition;
      }
      return partition;
    }
  }

  private int slot(TraceId traceId) {
    long hash = traceId.high() * 0x9E3779B97F4A7C15L ^ traceId.low();
    hash ^= hash >>> 29;
    hash *= 0xBF58476D1CE4E5B9L;
    hash ^= hash >>> 32;
    return (int) hash & mask;
  }
}
