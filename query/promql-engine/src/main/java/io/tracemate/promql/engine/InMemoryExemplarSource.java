package io.tracemate.promql.engine;

import io.tracemate.common.Cancellation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Exemplars kept in a list: the reference {@link ExemplarSource} of tests and benchmarks, as {@link
 * InMemorySeriesSource} is for series. Unbounded (what is added stays). Thread-safe.
 */
public final class InMemoryExemplarSource implements ExemplarSource {
  private final List<Exemplar> exemplars = new CopyOnWriteArrayList<>();

  /** Adds one exemplar of the series {@code series}. */
  public void add(
      Labels series, String traceId, String spanId, double value, long timestampMillis) {
    exemplars.add(new Exemplar(series, traceId, spanId, value, timestampMillis));
  }

  @Override
  public List<Exemplar> select(ExemplarQuery query, Cancellation cancellation) {
    SeriesMatcher matcher = SeriesMatcher.of(query.matchers());
    ExemplarCollector collector = new ExemplarCollector(query.order(), query.limit());
    for (Exemplar exemplar : exemplars) {
      if (exemplar.timestampMillis() >= query.minTimeMillis()
          && exemplar.timestampMillis() <= query.maxTimeMillis()
          && query.wants(exemplar.seriesLabels(), matcher)) {
        collector.offer(exemplar);
      }
    }
    cancellation.check();
    return collector.result();
  }
}
