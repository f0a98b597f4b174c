package io.tracemate.bench;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The random IDs and the base time a template batch is encoded with. They are random so that
 * {@link BatchTemplate} can find every occurrence in the encoded bytes and overwrite it per send.
 */
record Placeholders(long[] traceHigh, long[] traceLow, long[] spanIds, long baseEpochNanos) {

  static Placeholders forBatch(
      List<TemplateSpan> spans, long baseEpochNanos, SplittableRandom random) {
    int traces = spans.getLast().traceIndex() + 1;
    Set<Long> used = new HashSet<>();
    long[] high = new long[traces];
    long[] low = new long[traces];
    long[] spanIds = new long[spans.size()];
    for (int i = 0; i < traces; i++) {
      high[i] = unique(random, used);
      low[i] = unique(random, used);
    }
    for (int i = 0; i < spanIds.length; i++) {
      spanIds[i] = unique(random, used);
    }
    return new Placeholders(high, low, spanIds, baseEpochNanos);
  }

  /** Non-zero (zero IDs are invalid) and never seen before in this batch. */
  private static long unique(SplittableRandom random, Set<Long> used) {
    while (true) {
      long candidate = random.nextLong();
      if (candidate != 0 && used.add(candidate)) {
        return candidate;
      }
    }
  }

  long startNanos(TemplateSpan span) {
    return baseEpochNanos + span.startOffsetNanos();
  }

  long endNanos(TemplateSpan span) {
    return baseEpochNanos + span.startOffsetNanos() + span.durationNanos();
  }
}
