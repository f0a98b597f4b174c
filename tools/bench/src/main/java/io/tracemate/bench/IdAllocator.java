package io.tracemate.bench;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fresh IDs for every sent trace: the high half of a trace ID is random per bench run and the low
 * half a counter passed through a bijective mix ({@link #traceLowBits}), so IDs never repeat within a run,
 * two runs do not collide, and the low bits look random as W3C trace context asks. That matters to
 * samplers that decide on them (the OpenTelemetry TraceIdRatioBased rule reads the low 64 bits): a plain
 * counter would be "sampled" by every ratio. Thread-safe.
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
    return hex.toHexDigits(traceHigh) + hex.toHexDigits(traceLowBits(low));
  }

  /** The low 64 bits of the trace ID of counter value {@code low}: SplitMix64's finalizer, a bijection. */
  static long traceLowBits(long low) {
    long z = low;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
