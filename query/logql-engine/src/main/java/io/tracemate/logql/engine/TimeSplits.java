package io.tracemate.logql.engine;

import java.util.ArrayList;
import java.util.List;

/** Splits time ranges and step lists at multiples of the split interval (aligned to the epoch). Stateless. */
final class TimeSplits {
  private TimeSplits() {}

  /** [start, end) cut at every multiple of {@code interval}; ascending; one part when it fits. */
  static List<long[]> ranges(long start, long end, long interval) {
    List<long[]> parts = new ArrayList<>();
    long from = start;
    while (from < end) {
      long boundary = Math.floorDiv(from, interval) * interval + interval;
      long to = Math.min(end, boundary);
      parts.add(new long[] {from, to});
      from = to;
    }
    if (parts.isEmpty()) {
      parts.add(new long[] {start, end});
    }
    return parts;
  }

  /** Steps grouped by the aligned interval they fall in; ascending; each group ascending. */
  static List<long[]> stepGroups(long[] steps, long interval) {
    List<long[]> groups = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= steps.length; i++) {
      if (i == steps.length
          || Math.floorDiv(steps[i], interval) != Math.floorDiv(steps[from], interval)) {
        long[] group = new long[i - from];
        System.arraycopy(steps, from, group, 0, group.length);
        groups.add(group);
        from = i;
      }
    }
    return groups;
  }
}
