package io.tracemate.promql.engine;

import io.tracemate.promql.syntax.AtModifier;
import io.tracemate.promql.syntax.Expr.MatrixSelector;
import io.tracemate.promql.syntax.Expr.VectorSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads selectors from the source. An instant selector at a step takes, per series, the latest sample at or before
 * {@code t - offset} (or the {@code @} time minus the offset) and after {@code t - offset - lookback}, unless that
 * sample is a staleness marker. A range selector takes the samples in {@code (ref - range, ref]} (left-open, as
 * Prometheus 3), markers removed. Stateless; the context counts what is read.
 */
final class Selectors {
  private Selectors() {}

  /** The time a selector looks at for a step: the {@code @} time or the step, minus the offset. */
  static long reference(Optional<AtModifier> at, long offset, long stepTime, QueryContext ctx) {
    return at.map(a -> a.resolve(ctx.queryStart, ctx.queryEnd)).orElse(stepTime) - offset;
  }

  /**
   * An instant vector selector over the steps.
   *
   * @param sampleTimestamps yield each sample's own timestamp in seconds instead of its value (timestamp())
   */
  static Value.VectorValue vector(
      VectorSelector vs, Steps steps, QueryContext ctx, boolean sampleTimestamps) {
    long lookback = ctx.lookbackMillis();
    long firstRef = reference(vs.at(), vs.offsetMillis(), steps.start(), ctx);
    long lastRef = reference(vs.at(), vs.offsetMillis(), steps.last(), ctx);
    List<StepSeries> out = new ArrayList<>();
    int count = (int) steps.count();
    ctx.select(
        new SelectRequest(vs.allMatchers(), firstRef - lookback + 1, lastRef),
        raw -> {
          long[] t = raw.timestampArray();
          double[] v = raw.valueArray();
          StepSeries series = new StepSeries(raw.labels(), false, Math.min(count, 64));
          int j = -1;
          for (int step = 0; step < count; step++) {
            ctx.tick();
            long ref = reference(vs.at(), vs.offsetMillis(), steps.time(step), ctx);
            while (j + 1 < t.length && t[j + 1] <= ref) {
              j++;
            }
            if (j >= 0 && t[j] > ref - lookback && !StaleMarker.isStale(v[j])) {
              ctx.hold(1);
              series.add(steps.time(step), sampleTimestamps ? t[j] / 1000.0 : v[j]);
            }
          }
          ctx.release(raw.size());
          if (series.size() > 0) {
            out.add(series);
          }
        });
    return new Value.VectorValue(out);
  }

  /**
   * The raw samples a range selector needs for all steps: {@code (firstRef - range, lastRef]}, markers removed.
   * The caller releases them ({@link QueryContext#release(long)}) when done.
   */
  static List<StepSeries> range(MatrixSelector ms, Steps steps, QueryContext ctx) {
    VectorSelector vs = ms.selector();
    long firstRef = reference(vs.at(), vs.offsetMillis(), steps.start(), ctx);
    long lastRef = reference(vs.at(), vs.offsetMillis(), steps.last(), ctx);
    List<StepSeries> out = new ArrayList<>();
    ctx.select(
        new SelectRequest(vs.allMatchers(), firstRef - ms.rangeMillis() + 1, lastRef),
        raw -> {
          StepSeries series = withoutStaleMarkers(raw);
          ctx.release(raw.size() - series.size());
          if (series.size() > 0) {
            out.add(series);
          }
        });
    return out;
  }

  private static StepSeries withoutStaleMarkers(SampleSeries raw) {
    long[] t = raw.timestampArray();
    double[] v = raw.valueArray();
    int stale = 0;
    for (double value : v) {
      if (StaleMarker.isStale(value)) {
        stale++;
      }
    }
    if (stale == 0) {
      return StepSeries.of(raw.labels(), false, t, v, t.length);
    }
    long[] times = new long[t.length - stale];
    double[] values = new double[t.length - stale];
    int n = 0;
    for (int i = 0; i < t.length; i++) {
      if (!StaleMarker.isStale(v[i])) {
        times[n] = t[i];
        values[n] = v[i];
        n++;
      }
    }
    return StepSeries.of(raw.labels(), false, times, values, n);
  }
}
