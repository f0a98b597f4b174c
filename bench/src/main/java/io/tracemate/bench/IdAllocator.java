package io.tracemate.bench;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fresh IDs for every sent trace: the high half of a trace ID is random per bench run and the low
 * half a counter, so IDs never repeat within a run and two runs do not collide. Thread-safe.
 */
final class IdAllocator {

  private final long traceHigh;
  private final AtomicLong nextTraceLow = new AtomicLong(1);

  IdAllocator() {
    this(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
  }

  IdAllocator(long traceHigh) {
    if (traceHigh == 0) {
      throw new IllegalArgumentException("traceHigh must be non-zero");
    }
    this.traceHigh = traceHigh;
  }

  long traceHigh() {
    return traceHigh;
  }

  /** Reserves {@code count} consecutive trace ID low halves; returns the first. */
  long reserveTraces(int count) {
    return nextTraceLow.getAndAdd(count);
  }

  long nextSpanId() {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (id == 0);
    return id;
  }

  String traceIdHex(long low) {
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(traceHigh) + hex.toHexDigits(low);
  }
}
