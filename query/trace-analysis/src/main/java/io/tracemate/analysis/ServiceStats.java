package io.tracemate.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-service aggregates: the summary table and the mini timeline. */
final class ServiceStats {
  private ServiceStats() {}

  private static final class Totals {
    int calls;
    int errors;
    long totalNanos;
    long selfNanos;
  }

  static List<ServiceSummary> summaries(SpanForest forest, long[] selfNanos) {
    Map<String, Totals> byService = new LinkedHashMap<>();
    for (int i = 0; i < forest.size(); i++) {
      Totals totals =
          byService.computeIfAbsent(forest.spans[i].serviceName(), name -> new Totals());
      totals.calls++;
      totals.errors += forest.spans[i].status().isError() ? 1 : 0;
      totals.totalNanos += forest.end[i] - forest.start[i];
      totals.selfNanos += selfNanos[i];
    }
    List<ServiceSummary> summaries = new ArrayList<>(byService.size());
    byService.forEach(
        (service, t) ->
            summaries.add(
                new ServiceSummary(service, t.calls, t.errors, t.totalNanos, t.selfNanos)));
    summaries.sort(
        Comparator.comparingLong(ServiceSummary::selfNanos)
            .reversed()
            .thenComparing(Comparator.comparingLong(ServiceSummary::totalNanos).reversed())
            .thenComparing(ServiceSummary::service));
    return summaries;
  }

  /** Spans are in start order, so each service's intervals arrive sorted and merge in one pass. */
  static List<ServiceTimeline> timelines(SpanForest forest) {
    Map<String, List<TimeRange>> byService = new LinkedHashMap<>();
    for (int i = 0; i < forest.size(); i++) {
      List<TimeRange> ranges =
          byService.computeIfAbsent(forest.spans[i].serviceName(), s -> new ArrayList<>());
      long from = forest.start[i];
      long to = forest.end[i];
      int lastIndex = ranges.size() - 1;
      if (lastIndex >= 0 && from <= ranges.get(lastIndex).endEpochNanos()) {
        TimeRange last = ranges.get(lastIndex);
        if (to > last.endEpochNanos()) {
          ranges.set(lastIndex, new TimeRange(last.startEpochNanos(), to));
        }
      } else {
        ranges.add(new TimeRange(from, to));
      }
    }
    List<ServiceTimeline> timelines = new ArrayList<>(byService.size());
    byService.forEach(
        (service, ranges) ->
            timelines.add(
                new ServiceTimeline(
                    service, ranges, ranges.stream().mapToLong(TimeRange::durationNanos).sum())));
    // Insertion order is already "first activity"; this makes ties deterministic by name.
    ServiceTimeline[] sorted = timelines.toArray(ServiceTimeline[]::new);
    Arrays.sort(
        sorted,
        Comparator.comparingLong((ServiceTimeline t) -> t.ranges().get(0).startEpochNanos())
            .thenComparing(ServiceTimeline::service));
    return List.of(sorted);
  }
}
