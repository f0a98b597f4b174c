package io.tracemate.http.prometheus.series;

import io.tracemate.common.Cancellation;
import io.tracemate.promql.engine.Exemplar;
import io.tracemate.promql.engine.ExemplarCollector;
import io.tracemate.promql.engine.ExemplarQuery;
import io.tracemate.promql.engine.ExemplarSource;
import io.tracemate.promql.engine.Labels;
import io.tracemate.promql.engine.SeriesMatcher;
import io.tracemate.promql.syntax.LabelMatcher;
import io.tracemate.spanmetrics.SpanMetricsAggregator;
import io.tracemate.spanmetrics.SpanMetricsExposition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The exemplars of the span metrics as the series {@link RedSeriesSource} names them: each span-metric series keeps
 * the latest span of each of its histogram buckets (the spanmetrics connector's exemplars, captured as spans are
 * counted), and those spans are the exemplars of its calls counter ({@code traces_span_metrics_calls_total}, with
 * {@code status_code} as the query API has it: {@code STATUS_CODE_ERROR}, or {@code STATUS_CODE_UNSET} for OK and
 * UNSET alike) and of its duration histogram ({@code _bucket}, {@code _sum}, {@code _count}, without a status; a
 * matcher on {@code le} does not narrow them). The service graph's series have none.
 *
 * <p>Reads the aggregators' exemplars, never their counters: ingest waits at most for one series' exemplars to be
 * copied. Bounded by the query's limit ({@link ExemplarCollector}); the cancellation is checked every
 * {@value #CHECK_EVERY} series. Immutable and thread-safe.
 */
public final class SpanMetricsExemplars implements ExemplarSource {
  private static final int CHECK_EVERY = 1024;
  private static final String STATUS = SpanMetricsExposition.STATUS_LABEL;
  private static final Set<String> NAME_AND_STATUS = Set.of(LabelMatcher.METRIC_NAME, STATUS);

  /**
   * One tenant's span metrics, every series with {@code labels} on top (as {@link RedSeriesSource.Part}).
   *
   * @param labels the tenant's label in a read that names it; none otherwise
   * @param aggregator the tenant's span metrics
   */
  public record Part(Map<String, String> labels, SpanMetricsAggregator aggregator) {
    public Part {
      labels = Map.copyOf(labels);
    }
  }

  private final List<Part> parts;

  private SpanMetricsExemplars(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  public static SpanMetricsExemplars of(List<Part> parts) {
    return new SpanMetricsExemplars(parts);
  }

  @Override
  public List<Exemplar> select(ExemplarQuery query, Cancellation cancellation) {
    List<LabelMatcher> matchers = new ArrayList<>();
    for (LabelMatcher matcher : query.matchers()) {
      if (!matcher.name().equals("le")) {
        matchers.add(matcher);
      }
    }
    SeriesMatcher compiled = SeriesMatcher.of(matchers);
    ExemplarCollector collector = new ExemplarCollector(query.order(), query.limit());
    for (Part part : parts) {
      SpanMetricsExposition names = SpanMetricsExposition.of(part.aggregator());
      List<String> metrics = new ArrayList<>(4);
      metrics.add(names.callsName());
      if (names.histogramEnabled()) {
        metrics.add(names.durationName() + "_bucket");
        metrics.add(names.durationName() + "_sum");
        metrics.add(names.durationName() + "_count");
      }
      int[] seen = {0};
      part.aggregator()
          .visitExemplars(
              query.minTimeMillis(),
              query.maxTimeMillis(),
              labels -> {
                if (++seen[0] % CHECK_EVERY == 0) {
                  cancellation.check();
                }
                return firstWanted(labels, part.labels(), metrics, query, compiled);
              },
              (series, exemplar) ->
                  collector.offer(
                      new Exemplar(
                          series,
                          exemplar.traceId().toHex(),
                          exemplar.spanId().toHex(),
                          exemplar.value(),
                          exemplar.timestampMillis())));
    }
    return collector.result();
  }

  /** The first of the series' names (calls, then the histogram's) that the query reads; null: none. */
  private static Labels firstWanted(
      Map<String, String> spanLabels,
      Map<String, String> partLabels,
      List<String> metrics,
      ExemplarQuery query,
      SeriesMatcher compiled) {
    // The labels every candidate shares first: most series of a query's service are not the one
    // asked for.
    if (!compiled.matchesIgnoring(
        NAME_AND_STATUS,
        name -> {
          String value = partLabels.get(name);
          return value != null ? value : spanLabels.get(name);
        })) {
      return null;
    }
    for (int i = 0; i < metrics.size(); i++) {
      Map<String, String> labels = new TreeMap<>(spanLabels);
      if (i == 0) {
        String status = labels.get(STATUS);
        if (status != null && !status.equals(SpanMetricsExposition.STATUS_ERROR)) {
          labels.put(STATUS, SpanMetricsExposition.STATUS_UNSET);
        }
      } else {
        labels.remove(STATUS);
      }
      labels.putAll(partLabels);
      labels.put(LabelMatcher.METRIC_NAME, metrics.get(i));
      Labels series = Labels.of(labels);
      if (query.wants(series, compiled)) {
        return series;
      }
    }
    return null;
  }
}
