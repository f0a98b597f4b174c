package io.tracemate.server;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.common.CachedSupplier;
import io.tracemate.storage.opensearch.OpenSearchStorage;
import io.tracemate.storage.opensearch.OpenSearchWriteStats;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The OpenSearch span writer's figures on /metrics, read from the store at scrape time ({@code signal="traces"},
 * so that a log writer on OpenSearch can add its own under the same names):
 *
 * <ul>
 *   <li>{@code tracemate_opensearch_bulk_documents_total}: documents OpenSearch indexed;
 *   <li>{@code tracemate_opensearch_bulk_bytes_total}, {@code tracemate_opensearch_bulk_requests_total}: bulk
 *       request bodies and requests sent, retries included;
 *   <li>{@code tracemate_opensearch_bulk_failed_requests_total}: requests without an answer, or answered 429/5xx as
 *       a whole (sent again);
 *   <li>{@code tracemate_opensearch_bulk_retried_documents_total}: documents sent again;
 *   <li>{@code tracemate_opensearch_bulk_item_failures_total{reason, action}}: failed items by OpenSearch's error
 *       type, {@code action="retried"} or {@code "dropped"} (malformed: refused for good);
 *   <li>{@code tracemate_opensearch_bulk_in_flight_bytes}, {@code tracemate_opensearch_bulk_buffered_bytes}: what
 *       is being sent (or retried) and what waits for the next request;
 *   <li>{@code tracemate_opensearch_discarded_spans_total}: spans that arrived after retention had passed their day.
 * </ul>
 */
final class OpenSearchMetrics {
  private static final String SIGNAL = "traces";

  private OpenSearchMetrics() {}

  static void register(OpenSearchStorage store, PrometheusRegistry registry) {
    // One scrape reads nine figures: take them in one snapshot.
    Supplier<OpenSearchWriteStats> stats =
        CachedSupplier.of(store::writeStats, Duration.ofMillis(500));
    counter(registry, "documents", "Documents OpenSearch indexed", stats, s -> s.documents());
    counter(
        registry, "bytes", "Bytes of bulk requests sent, retries included", stats, s -> s.bytes());
    counter(registry, "requests", "Bulk requests sent, retries included", stats, s -> s.requests());
    counter(
        registry,
        "failed_requests",
        "Bulk requests without an answer or answered 429/5xx as a whole (sent again)",
        stats,
        s -> s.failedRequests());
    counter(
        registry,
        "retried_documents",
        "Documents sent to OpenSearch again after a retryable failure",
        stats,
        s -> s.retriedDocuments());
    CounterWithCallback.builder()
        .name("tracemate_opensearch_bulk_item_failures")
        .help("Bulk items OpenSearch refused, by error type; retried or dropped (malformed)")
        .labelNames("signal", "reason", "action")
        .callback(
            cb ->
                stats
                    .get()
                    .itemFailures()
                    .forEach(
                        (failure, count) ->
                            cb.call(
                                count,
                                SIGNAL,
                                failure.reason(),
                                failure.retried() ? "retried" : "dropped")))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_opensearch_bulk_in_flight_bytes")
        .help("Bytes of bulk requests sent or being retried, not yet taken by OpenSearch")
        .labelNames("signal")
        .callback(cb -> cb.call(stats.get().inFlightBytes(), SIGNAL))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_opensearch_bulk_buffered_bytes")
        .help("Bytes waiting for the next bulk request")
        .labelNames("signal")
        .callback(cb -> cb.call(stats.get().bufferedBytes(), SIGNAL))
        .register(registry);
    CounterWithCallback.builder()
        .name("tracemate_opensearch_discarded_spans")
        .help("Spans discarded because retention had passed their day before they arrived")
        .callback(cb -> cb.call(store.discardedSpans()))
        .register(registry);
  }

  private static void counter(
      PrometheusRegistry registry,
      String name,
      String help,
      Supplier<OpenSearchWriteStats> stats,
      java.util.function.ToLongFunction<OpenSearchWriteStats> figure) {
    CounterWithCallback.builder()
        .name("tracemate_opensearch_bulk_" + name)
        .help(help)
        .labelNames("signal")
        .callback(cb -> cb.call(figure.applyAsLong(stats.get()), SIGNAL))
        .register(registry);
  }
}
