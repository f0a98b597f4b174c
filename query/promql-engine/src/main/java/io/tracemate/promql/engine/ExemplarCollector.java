package io.tracemate.promql.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Keeps the best {@code limit} exemplars offered, in an {@link ExemplarQuery.Order}, one per trace (the better of
 * two exemplars of the same trace wins), for {@link ExemplarSource} implementations: memory is bounded by the limit
 * whatever is offered. Not thread-safe: one per query.
 */
public final class ExemplarCollector {
  private final int limit;
  private final Comparator<Exemplar> order;
  private final TreeSet<Exemplar> kept;
  private final Map<String, Exemplar> byTrace = new HashMap<>();

  public ExemplarCollector(ExemplarQuery.Order order, int limit) {
    this.limit = limit;
    Comparator<Exemplar> first =
        switch (order) {
          case NEWEST -> Comparator.comparingLong(Exemplar::timestampMillis).reversed();
          case LARGEST -> Comparator.comparingDouble(Exemplar::value).reversed();
        };
    // Ties broken by time, then the IDs, so the set never takes two exemplars as one.
    this.order =
        first
            .thenComparing(Comparator.comparingLong(Exemplar::timestampMillis).reversed())
            .thenComparing(Exemplar::traceId)
            .thenComparing(Exemplar::spanId);
    this.kept = new TreeSet<>(this.order);
  }

  /** Offers one exemplar. */
  public void offer(Exemplar exemplar) {
    Exemplar same = byTrace.get(exemplar.traceId());
    if (same != null) {
      if (order.compare(exemplar, same) >= 0) {
        return;
      }
      kept.remove(same);
    } else if (kept.size() == limit) {
      Exemplar worst = kept.last();
      if (order.compare(exemplar, worst) >= 0) {
        return;
      }
      kept.remove(worst);
      byTrace.remove(worst.traceId());
    }
    kept.add(exemplar);
    byTrace.put(exemplar.traceId(), exemplar);
  }

  /** What was kept, best first. */
  public List<Exemplar> result() {
    return new ArrayList<>(kept);
  }
}
