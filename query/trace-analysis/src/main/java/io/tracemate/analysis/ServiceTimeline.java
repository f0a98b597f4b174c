package io.tracemate.analysis;

import java.util.List;

/**
 * One row of the mini timeline: when a service had at least one span active.
 *
 * @param ranges merged, disjoint and ordered; touching spans merge into one range
 * @param activeNanos total length of the ranges
 */
public record ServiceTimeline(String service, List<TimeRange> ranges, long activeNanos) {

  public ServiceTimeline {
    ranges = List.copyOf(ranges);
  }
}
