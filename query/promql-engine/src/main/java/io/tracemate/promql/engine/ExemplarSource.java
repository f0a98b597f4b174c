package io.tracemate.promql.engine;

import io.tracemate.common.Cancellation;
import java.util.List;

/**
 * Where exemplars come from: spans that stand for the samples of a series (Prometheus' {@code
 * storage.ExemplarQuerier}), so that an alert over the span metrics can point at real traces. Beside {@link
 * SeriesSource}, not part of it: most sources have none.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #select} returns at most {@link ExemplarQuery#limit()} exemplars of the series that match every
 *       matcher of the query (Prometheus' semantics, {@link SeriesMatcher}) and agree with its {@link
 *       ExemplarQuery#sameAs()} labels, with timestamps in {@code [minTimeMillis, maxTimeMillis]}, in the query's
 *       {@link ExemplarQuery.Order}, each trace at most once.</li>
 *   <li>Bounded: whatever the number of matching series, it holds at most about {@code limit} exemplars at a time,
 *       and checks {@code cancellation} at least every few thousand series.</li>
 *   <li>Thread-safe; never blocks ingest for longer than it takes to copy one series' exemplars.</li>
 * </ul>
 */
@FunctionalInterface
public interface ExemplarSource {
  /** A source without exemplars. */
  ExemplarSource NONE = (query, cancellation) -> List.of();

  /**
   * The exemplars the query asks for.
   *
   * @throws io.tracemate.common.CancelledException when {@code cancellation} stops the work
   */
  List<Exemplar> select(ExemplarQuery query, Cancellation cancellation);
}
