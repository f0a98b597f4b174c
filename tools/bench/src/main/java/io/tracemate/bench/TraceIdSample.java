package io.tracemate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A uniform random sample (reservoir sampling) of the trace IDs the bench sent, for the
 * trace-by-ID queries. Thread-safe.
 */
final class TraceIdSample {

  private final IdAllocator ids;
  private final long[] lows;
  private long seen;
  private int size;

  TraceIdSample(IdAllocator ids, int capacity) {
    this.ids = ids;
    this.lows = new long[capacity];
  }

  synchronized void offer(EncodedBatch batch) {
    for (int i = 0; i < batch.traces(); i++) {
      long low = batch.firstTraceLow() + i;
      seen++;
      if (size < lows.length) {
        lows[size++] = low;
      } else {
        long slot = ThreadLocalRandom.current().nextLong(seen);
        if (slot < lows.length) {
          lows[(int) slot] = low;
        }
      }
    }
  }

  synchronized List<String> traceIds() {
    List<String> hex = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      hex.add(ids.traceIdHex(lows[i]));
    }
    return hex;
  }
}
