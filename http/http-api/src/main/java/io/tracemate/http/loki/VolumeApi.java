package io.tracemate.http.loki;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.Parameters;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logql.engine.MatrixResult;
import io.tracemate.logql.engine.QueryResult;
import io.tracemate.logql.engine.Sample;
import io.tracemate.logql.engine.Series;
import io.tracemate.logql.engine.TenantQueryLimits;
import io.tracemate.logql.engine.VectorResult;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.StreamStats;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loki's {@code /index/volume} and {@code /index/volume_range}: bytes of log lines per label-value combination (or
 * per label), from the store's index without reading lines (Grafana's Logs Drilldown ranks services by it).
 *
 * <p>As in Loki ({@code pkg/querier/queryrange/volume.go}, {@code pkg/storage/stores/index/seriesvolume}): the
 * series of {@code aggregateBy=series} carry the labels the selector names (every label for {@code {}}), or the
 * {@code targetLabels}, which also restrict the streams to those having them; {@code aggregateBy=labels} gives one
 * series per label name with an empty value. {@code volume_range} cuts the range into step buckets aligned to the
 * step (every bucket but the last ends 1 ms before the next starts, and its point carries that end time); each
 * bucket keeps its {@code limit} largest series. Series come largest first; the answer is a vector when every
 * series has one point, else a matrix. A chunk crossing a bucket bound counts by its share of time
 * ({@link LogReader#streamStats}).
 *
 * <p>Bounded by {@link EngineLimits}: the range by {@code max_query_length}, the series by
 * {@code max_query_series} (Loki's {@code volume_max_series}), the time by {@code query_timeout}. Thread-safe.
 */
final class VolumeApi {
  /** Loki's gap between adjacent buckets ({@code util.SplitGap}). */
  private static final long SPLIT_GAP_NANOS = 1_000_000L;

  private final LogReader reader;
  private final TenantQueryLimits limits;
  private final Clock clock;

  VolumeApi(LogReader reader, TenantQueryLimits limits, Clock clock) {
    this.reader = reader;
    this.limits = limits;
    this.clock = clock;
  }

  HttpResponse volume(LokiRequest request, ServiceRequestContext ctx) {
    LokiParams.Bounds bounds = bounds(request);
    return answer(request, bounds, 0);
  }

  HttpResponse volumeRange(LokiRequest request, ServiceRequestContext ctx) {
    LokiParams.Bounds bounds = bounds(request);
    return answer(request, bounds, DiscoveryParams.step(request.params(), bounds));
  }

  private LokiParams.Bounds bounds(LokiRequest request) {
    LokiParams.requiredQuery(request.params());
    return LokiParams.orderedBounds(request.params(), Parameters.epochNanos(clock.instant()));
  }

  private HttpResponse answer(LokiRequest request, LokiParams.Bounds bounds, long stepNanos) {
    EngineLimits limits = this.limits.forScope(request.tenants());
    long started = System.nanoTime();
    int limit = DiscoveryParams.volumeLimit(request.params());
    List<String> targets = DiscoveryParams.targetLabels(request.params());
    boolean bySeries =
        DiscoveryParams.aggregateBy(request.params()).equals(DiscoveryParams.AGGREGATE_BY_SERIES);
    List<List<LabelMatcher>> selectors =
        DiscoveryParams.selectorsOrAll(request.params().get("query"), limits.parseLimits());
    RequestBudget budget =
        RequestBudget.start(limits, request.cancellation(), bounds.startNanos(), bounds.endNanos());

    Set<String> grouping = new HashSet<>(targets);
    boolean includeAll = targets.isEmpty() && selectors.stream().anyMatch(List::isEmpty);
    List<List<LabelMatcher>> selections = new ArrayList<>();
    for (List<LabelMatcher> matchers : selectors) {
      List<LabelMatcher> withTargets = new ArrayList<>(matchers);
      Set<String> named = new HashSet<>();
      for (LabelMatcher matcher : matchers) {
        named.add(matcher.name());
        if (targets.isEmpty()) {
          grouping.add(matcher.name());
        }
      }
      for (String target : targets) {
        if (!named.contains(target)) {
          withTargets.add(LabelMatcher.of(target, LabelMatcher.Type.RE, ".+"));
        }
      }
      selections.add(withTargets);
    }

    Map<LabelSet, List<long[]>> points =
        new LinkedHashMap<>(); // series → [millis, bytes] in time order
    List<long[]> buckets = buckets(bounds.startNanos(), bounds.endNanos(), stepNanos);
    for (long[] bucket : buckets) {
      budget.checkTime();
      Map<LabelSet, Long> volumes = new HashMap<>();
      Set<Long> seen = new HashSet<>();
      for (List<LabelMatcher> matchers : selections) {
        for (StreamStats stats :
            reader.streamStats(
                new LogSelection(request.tenants(), matchers, bucket[0], bucket[1]),
                request.cancellation())) {
          if (!seen.add(stats.stream().id())) {
            continue;
          }
          LabelSet labels = stats.stream().labels();
          if (bySeries) {
            volumes.merge(includeAll ? labels : only(labels, grouping), stats.bytes(), Long::sum);
          } else {
            for (Label label : labels.labels()) {
              if (targets.isEmpty() || grouping.contains(label.name())) {
                volumes.merge(LabelSet.of(label.name(), ""), stats.bytes(), Long::sum);
              }
            }
          }
          budget.checkSeries(volumes.size());
        }
      }
      List<Map.Entry<LabelSet, Long>> largest = new ArrayList<>(volumes.entrySet());
      largest.sort(
          Map.Entry.<LabelSet, Long>comparingByValue()
              .reversed()
              .thenComparing(entry -> entry.getKey().toString()));
      for (Map.Entry<LabelSet, Long> entry : largest.subList(0, Math.min(limit, largest.size()))) {
        points
            .computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
            .add(new long[] {bucket[2] / 1_000_000L, entry.getValue()});
      }
    }

    QueryResult result = toResult(points);
    QueryStatistics stats =
        QueryStatistics.of(
            System.nanoTime() - started,
            0,
            new ScanStats(),
            QueryResultJson.entriesReturned(result),
            Math.max(1, buckets.size()));
    return JsonBody.ok(out -> QueryResultJson.write(out, result, List.of(), stats, false));
  }

  /** Loki's {@code util.ForInterval} with inclusive ends: {start, end (exclusive), point time} per bucket. */
  static List<long[]> buckets(long start, long end, long step) {
    List<long[]> buckets = new ArrayList<>();
    if (step <= 0) {
      buckets.add(new long[] {start, end, end});
      return buckets;
    }
    long aligned = start - Math.floorMod(start, step);
    for (long from = aligned; from < end; from += step) {
      long to = from + step;
      long pointTime = to >= end ? end : to - SPLIT_GAP_NANOS;
      buckets.add(new long[] {Math.max(from, start), Math.min(to, end), pointTime});
    }
    return buckets;
  }

  private static LabelSet only(LabelSet labels, Set<String> names) {
    List<Label> kept = new ArrayList<>(names.size());
    for (Label label : labels.labels()) {
      if (names.contains(label.name())) {
        kept.add(label);
      }
    }
    return new LabelSet(kept);
  }

  /** Largest first (by the first point, then by name); a vector unless some series has several points. */
  private static QueryResult toResult(Map<LabelSet, List<long[]>> points) {
    List<Map.Entry<LabelSet, List<long[]>>> series = new ArrayList<>(points.entrySet());
    series.sort(
        Comparator.<Map.Entry<LabelSet, List<long[]>>>comparingLong(
                e -> -e.getValue().getFirst()[1])
            .thenComparing(e -> e.getKey().toString()));
    boolean matrix = series.stream().anyMatch(e -> e.getValue().size() > 1);
    if (!matrix) {
      List<Sample> samples = new ArrayList<>(series.size());
      for (Map.Entry<LabelSet, List<long[]>> entry : series) {
        long[] point = entry.getValue().getFirst();
        samples.add(new Sample(entry.getKey(), point[0], point[1]));
      }
      return new VectorResult(samples);
    }
    List<Series> result = new ArrayList<>(series.size());
    for (Map.Entry<LabelSet, List<long[]>> entry : series) {
      List<long[]> list = entry.getValue();
      long[] times = new long[list.size()];
      double[] values = new double[list.size()];
      for (int i = 0; i < list.size(); i++) {
        times[i] = list.get(i)[0];
        values[i] = list.get(i)[1];
      }
      result.add(new Series(entry.getKey(), times, values));
    }
    return new MatrixResult(result);
  }
}
