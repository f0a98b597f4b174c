package io.tracemate.spanmetrics;

import io.tracemate.red.RedPoint;
import io.tracemate.red.RedSeriesStore;
import io.tracemate.red.RedSummary;
import io.tracemate.red.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * RED (rate, error ratio, p50/p90/p99) from span metrics' internal time series, for the UI, the topology and
 * alerting. Every method covers [start, end) with the store's window rules (a slot counts when it starts in the
 * window; 15 s slots for the last hour, 5 min slots before; rates divide by the time covered up to now).
 * Edges between services are the service graph's (its own store); here a caller's view of a dependency is
 * {@code byDimension(caller, "peer.service", ...)} over CLIENT spans when that dimension is configured.
 *
 * <p>Thread-safe: a read-only view over a thread-safe store.
 */
public final class RedQuery {
  private final RedSeriesStore store;

  public RedQuery(RedSeriesStore store) {
    this.store = store;
  }

  public static RedQuery of(SpanMetricsAggregator aggregator) {
    return new RedQuery(aggregator.redSeries());
  }

  /**
   * The service's RED as its callers see it: its SERVER and CONSUMER spans. Fits the service graph's
   * {@code NodeRedSource} as {@code RedQuery::service}.
   */
  public RedSummary service(String service, Instant start, Instant end) {
    return store.summarize(RedFilter.entryPoints(service).toPredicate(), start, end);
  }

  /** Per operation (span name) of the service's SERVER and CONSUMER spans, ordered by name. */
  public Map<String, RedSummary> operations(String service, Instant start, Instant end) {
    return store.summarizeBy(
        RedFilter.entryPoints(service).toPredicate(), RedLabels.SPAN_NAME, start, end);
  }

  /**
   * Per value of a configured dimension (by attribute name, e.g. {@code http.route}) over the service's SERVER
   * and CONSUMER spans; spans without the dimension (and no default) are left out.
   */
  public Map<String, RedSummary> byDimension(
      String service, String dimension, Instant start, Instant end) {
    return store.summarizeBy(RedFilter.entryPoints(service).toPredicate(), dimension, start, end);
  }

  /**
   * The service's RED per instance (the pod, process or host that served the SERVER and CONSUMER spans, see
   * {@link InstanceSeries}), ordered by instance, only those with calls in the window; {@code __other__} holds
   * instances beyond the bound. Empty when the instance breakdown is off or the spans name no instance.
   */
  public Map<String, RedSummary> instances(String service, Instant start, Instant end) {
    java.util.function.Predicate<SeriesKey> perInstance =
        key ->
            key.get(RedLabels.SPAN_NAME) == null
                && service.equals(key.get(RedLabels.SERVICE))
                && RedFilter.ENTRY_KINDS.stream()
                    .anyMatch(kind -> kind.name().equals(key.get(RedLabels.SPAN_KIND)));
    Map<String, RedSummary> all = store.summarizeBy(perInstance, RedLabels.INSTANCE, start, end);
    all.values().removeIf(red -> red.calls() == 0); // pods gone before the window are not listed
    return all;
  }

  /** Any filter, grouped by any label ({@link RedLabels} or a dimension's attribute name). */
  public Map<String, RedSummary> groupBy(
      RedFilter filter, String label, Instant start, Instant end) {
    return store.summarizeBy(filter.toPredicate(), label, start, end);
  }

  /** Any filter, merged. */
  public RedSummary summary(RedFilter filter, Instant start, Instant end) {
    return store.summarize(filter.toPredicate(), start, end);
  }

  /**
   * A time series of {@code step} points (rounded up to the resolution: 15 s in the last hour, 5 min before;
   * aligned to multiples of the step).
   *
   * @throws IllegalArgumentException when end is not after start or more than
   *     {@link RedSeriesStore#MAX_POINTS} points would be needed
   */
  public List<RedPoint> series(RedFilter filter, Instant start, Instant end, Duration step) {
    return store.timeSeries(filter.toPredicate(), start, end, step);
  }

  /** Services with any retained series, sorted. */
  public Set<String> services() {
    Set<String> services = new TreeSet<>();
    java.util.function.Predicate<SeriesKey> spanMetrics = RedFilter.all().toPredicate();
    for (SeriesKey key : store.keys()) {
      String service = key.get(RedLabels.SERVICE);
      if (service != null && spanMetrics.test(key)) {
        services.add(service);
      }
    }
    return services;
  }

  /**
   * True when some observations went to the store's overflow series, so totals per service may be incomplete
   * (in a shared store, the overflow may come from another recorder).
   */
  public boolean overflowed() {
    return store.stats().overflowedObservations() > 0;
  }
}
