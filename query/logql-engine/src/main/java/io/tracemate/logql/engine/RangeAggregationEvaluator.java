package io.tracemate.logql.engine;

import io.tracemate.logql.engine.pipeline.GoValues;
import io.tracemate.logql.engine.pipeline.LabelsBuilder;
import io.tracemate.logql.engine.pipeline.Matchers;
import io.tracemate.logql.engine.pipeline.Pipeline;
import io.tracemate.logql.engine.pipeline.Stage;
import io.tracemate.logql.syntax.Grouping;
import io.tracemate.logql.syntax.LabelMatcher;
import io.tracemate.logql.syntax.LogRange;
import io.tracemate.logql.syntax.RangeOp;
import io.tracemate.logql.syntax.SampleExpr.RangeAggregation;
import io.tracemate.logql.syntax.Unwrap;
import io.tracemate.logs.Direction;
import io.tracemate.logs.LogCursor;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.Utf8;
import io.tracemate.querysupport.MatchType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates one range aggregation ({@code rate({...} | ... [5m])}) at a group of steps: reads every entry any of
 * the steps' windows needs, once, turns each into a sample (1, the line's bytes, or the unwrapped value) of its
 * series (the entry's final labels, grouped), then slides the window {@code (t - offset - range, t - offset]} over
 * each series, as Loki does (start exclusive, end inclusive). Not thread-safe; one per evaluation.
 */
final class RangeAggregationEvaluator {
  static final String SAMPLE_EXTRACTION_ERROR = "SampleExtractionErr";

  /** Estimated heap bytes of one sample (a long and a double in growable columns, which double when full). */
  private static final long SAMPLE_BYTES = 24;

  /** Estimated heap bytes of a new series beyond its labels (its column objects). */
  private static final long SERIES_BYTES = 256;

  /** Estimated heap bytes of one (series, value) entry of a step's vector (hash map entry, boxed double). */
  static final long VECTOR_ENTRY_BYTES = 64;

  /** Samples are reserved in batches: one shared atomic add per sample would cost more than the sample. */
  private static final int RESERVE_BATCH = 4096;

  private final QueryContext ctx;
  private final boolean limitSeries;

  /**
   * @param limitSeries whether the series count counts against max_query_series: not when a vector aggregation
   *     consumes the result right away (as in Loki, where the limit applies to what a query step returns, so
   *     {@code sum by (level) (count_over_time({...} | json [5m]))} may read many series)
   */
  RangeAggregationEvaluator(QueryContext ctx, boolean limitSeries) {
    this.ctx = ctx;
    this.limitSeries = limitSeries;
  }

  /** Growable (time, value) columns of one series. */
  private static final class Samples {
    long[] times = new long[16];
    double[] values = new double[16];
    int size;
    boolean sorted = true;

    void add(long t, double v) {
      if (size == times.length) {
        times = Arrays.copyOf(times, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      if (size > 0 && t < times[size - 1]) {
        sorted = false;
      }
      times[size] = t;
      values[size++] = v;
    }

    void sort() {
      if (sorted) {
        return;
      }
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b])); // stable
      long[] t = new long[size];
      double[] v = new double[size];
      for (int i = 0; i < size; i++) {
        t[i] = times[order[i]];
        v[i] = values[order[i]];
      }
      times = t;
      values = v;
      sorted = true;
    }
  }

  StepValue.Vectors evaluate(RangeAggregation aggregation, long[] steps) {
    LogRange range = aggregation.range();
    long rangeNanos = range.range().toNanos();
    long offsetNanos = range.offset().toNanos();
    if (rangeNanos <= 0) {
      throw new QueryEvaluationException("range must be positive: " + range.range());
    }
    long[] held = new long[1];
    Map<LabelSet, Samples> series;
    try {
      series =
          read(
              aggregation,
              steps[0] - offsetNanos - rangeNanos + 1,
              steps[steps.length - 1] - offsetNanos + 1,
              held);
    } catch (RuntimeException | Error e) {
      ctx.release(held[0]);
      throw e;
    }
    try {
      return slide(aggregation, steps, series);
    } finally {
      ctx.release(held[0]); // the samples are garbage once the windows are computed
    }
  }

  /** The value of every series at every step, from its samples; reserves what the vectors hold. */
  private StepValue.Vectors slide(
      RangeAggregation aggregation, long[] steps, Map<LabelSet, Samples> series) {
    LogRange range = aggregation.range();
    long rangeNanos = range.range().toNanos();
    long offsetNanos = range.offset().toNanos();
    boolean unwrapped = range.unwrap().isPresent();
    double parameter = aggregation.parameter().orElse(0);
    List<Map<LabelSet, Double>> out = new ArrayList<>(steps.length);
    for (int i = 0; i < steps.length; i++) {
      out.add(new HashMap<>());
    }
    // Visit, per series, only the steps whose window can hold one of its samples: sparse series
    // (one per distinct extracted label set is common) then cost their own samples, not every step.
    for (Map.Entry<LabelSet, Samples> e : series.entrySet()) {
      ctx.cancellation.check();
      Samples s = e.getValue();
      int firstStep = firstStepAtOrAfter(steps, s.times[0] + offsetNanos);
      int entries = 0;
      for (int i = firstStep; i < steps.length; i++) {
        long windowEnd = steps[i] - offsetNanos; // inclusive
        long windowStart = windowEnd - rangeNanos; // exclusive
        if (windowStart >= s.times[s.size - 1]) {
          break;
        }
        int from = upperBound(s.times, s.size, windowStart);
        int to = upperBound(s.times, s.size, windowEnd);
        if (to > from) {
          out.get(i)
              .put(
                  e.getKey(),
                  RangeFunctions.apply(
                      aggregation.op(),
                      parameter,
                      rangeNanos,
                      s.times,
                      s.values,
                      from,
                      to,
                      unwrapped));
          entries++;
        }
      }
      ctx.reserve(entries * VECTOR_ENTRY_BYTES);
    }
    if (aggregation.op() == RangeOp.ABSENT_OVER_TIME) {
      LabelSet absent = absentLabels(range.selector().matchers());
      out.replaceAll(vector -> vector.isEmpty() ? Map.of(absent, 1.0) : Map.of());
    }
    return new StepValue.Vectors(out);
  }

  /** Index of the first step ≥ t (steps ascending); steps.length when none. */
  private static int firstStepAtOrAfter(long[] steps, long t) {
    int lo = 0;
    int hi = steps.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (steps[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** First index whose time is > t. */
  private static int upperBound(long[] times, int size, long t) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The labels of absent_over_time's sample: the selector's equality matchers (names used twice dropped). */
  static LabelSet absentLabels(List<LabelMatcher> matchers) {
    Map<String, String> labels = new LinkedHashMap<>();
    List<String> repeated = new ArrayList<>();
    for (LabelMatcher matcher : matchers) {
      if (matcher.type() != MatchType.EQUAL) {
        continue;
      }
      if (labels.containsKey(matcher.name())) {
        repeated.add(matcher.name());
      }
      labels.put(matcher.name(), matcher.value());
    }
    repeated.forEach(labels::remove);
    return LabelSet.of(labels);
  }

  /** Entries of the window as samples per series; {@code held[0]} accumulates the memory reserved for them. */
  private Map<LabelSet, Samples> read(
      RangeAggregation aggregation, long start, long end, long[] held) {
    LogRange range = aggregation.range();
    Pipeline pipeline = Pipeline.compile(range.selector().pipeline(), ctx.pipeline);
    Unwrap unwrap = range.unwrap().orElse(null);
    Stage postFilters =
        unwrap == null ? null : Pipeline.labelFilters(unwrap.postFilters(), ctx.pipeline);
    Grouping grouping = aggregation.grouping().orElse(null);
    LogSelection selection =
        new LogSelection(
            ctx.tenants,
            Matchers.toStore(range.selector().matchers()),
            start,
            Math.max(start, end));
    Map<LabelSet, Samples> series = new HashMap<>();
    Map<LabelSet, LabelSet> grouped = new HashMap<>();
    long read = 0;
    int unreserved = 0;
    for (StreamRef stream : ctx.reader.streams(selection, ctx.cancellation)) {
      try (LogCursor cursor =
          ctx.reader.entries(
              selection,
              stream,
              Direction.FORWARD,
              pipeline.requiredSubstrings(),
              ctx.stats,
              ctx.cancellation)) {
        while (cursor.hasNext()) {
          LogEntry entry = cursor.next();
          ctx.onEntry(++read);
          long ts = entry.timestampNanos();
          if (ts < start || ts >= end) {
            continue;
          }
          LabelsBuilder result = pipeline.process(stream.labels(), entry);
          if (result == null) {
            continue;
          }
          double value =
              switch (aggregation.op()) {
                case BYTES_OVER_TIME, BYTES_RATE ->
                    result.line() == entry.line() ? entry.lineBytes() : Utf8.length(result.line());
                default -> 1;
              };
          if (unwrap != null) {
            value = unwrapValue(unwrap, result);
            if (!postFilters.process(result)) {
              continue;
            }
          }
          if (result.hasError()) {
            throw pipelineError(result);
          }
          LabelSet labels = result.toLabelSet();
          LabelSet key = grouped.computeIfAbsent(labels, l -> group(l, grouping, unwrap));
          Samples samples = series.get(key);
          if (samples == null) {
            long bytes = SERIES_BYTES + QueryContext.estimate(key);
            ctx.reserve(bytes);
            held[0] += bytes;
            samples = new Samples();
            series.put(key, samples);
            if (limitSeries) {
              ctx.checkSeries(series.size());
            }
          }
          samples.add(ts, value);
          if (++unreserved == RESERVE_BATCH) {
            ctx.reserve(unreserved * SAMPLE_BYTES);
            held[0] += unreserved * SAMPLE_BYTES;
            unreserved = 0;
          }
        }
      }
    }
    ctx.check();
    series.values().forEach(Samples::sort);
    return series;
  }

  private static double unwrapValue(Unwrap unwrap, LabelsBuilder entry) {
    String text = entry.get(unwrap.label());
    if (text == null || text.isEmpty()) {
      entry.setError(SAMPLE_EXTRACTION_ERROR, "label '" + unwrap.label() + "' is empty or missing");
      return 0;
    }
    try {
      return switch (unwrap.conversion()) {
        case NONE -> GoValues.parseFloat(text);
        case BYTES -> GoValues.parseBytes(text);
        case DURATION, DURATION_SECONDS -> GoValues.parseDurationSeconds(text);
      };
    } catch (IllegalArgumentException e) {
      entry.setError(SAMPLE_EXTRACTION_ERROR, e.getMessage());
      return 0;
    }
  }

  /** Loki's extractor grouping: {@code by} keeps only those labels; otherwise the unwrapped label goes. */
  private static LabelSet group(LabelSet labels, Grouping grouping, Unwrap unwrap) {
    if (grouping != null && !grouping.without()) {
      List<Label> kept = new ArrayList<>();
      for (Label label : labels.labels()) {
        if (grouping.labels().contains(label.name())) {
          kept.add(label);
        }
      }
      return new LabelSet(kept);
    }
    List<String> dropped = new ArrayList<>(grouping == null ? List.of() : grouping.labels());
    if (unwrap != null) {
      dropped.add(unwrap.label());
    }
    if (dropped.isEmpty()) {
      return labels;
    }
    return new LabelSet(labels.labels().stream().filter(l -> !dropped.contains(l.name())).toList());
  }

  private static QueryEvaluationException pipelineError(LabelsBuilder entry) {
    String error = entry.error();
    return new QueryEvaluationException(
        "pipeline error: '"
            + error
            + "' for series: '"
            + entry.toLabelSet()
            + "'.\nUse a label filter to intentionally skip this error. (e.g | __error__!=\""
            + error
            + "\").\n"
            + "To skip all potential errors you can match empty errors.(e.g __error__=\"\")\n"
            + "The label filter can also be specified after unwrap. (e.g | unwrap latency | __error__=\"\" )\n");
  }
}
