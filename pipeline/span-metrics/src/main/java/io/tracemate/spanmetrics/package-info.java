/**
 * Span metrics: RED per service, span name, span kind and status code (plus configured dimensions) over 100 % of
 * spans, before sampling.
 *
 * <p>Two outputs from one pass over each span ({@link io.tracemate.spanmetrics.SpanMetricsAggregator}):
 * cumulative counters and duration histograms with exemplars, exposed on /metrics through client_java
 * ({@link io.tracemate.spanmetrics.SpanMetricsCollector}) under the names the collector's spanmetrics connector
 * produces through its Prometheus exporter, so existing dashboards work; and internal fixed-resolution time series
 * ({@link io.tracemate.red.RedSeriesStore}) that {@link io.tracemate.spanmetrics.RedQuery} answers RED questions
 * from, for the UI, the topology and alerting.
 *
 * <p>Cardinality is bounded twice: the Prometheus series by {@code aggregation_cardinality_limit} (overflow series
 * {@code otel_metric_overflow="true"}, as in the collector), the internal series by {@code red_series.max_series}.
 * Both are reported as metrics.
 *
 * <p>Per tenant: {@link io.tracemate.spanmetrics.SpanMetricsConnector} keeps one aggregator (series, both bounds,
 * internal store) per tenant, so one tenant's cardinality never overflows another's series and RED reads see their
 * tenants only; {@link io.tracemate.spanmetrics.SpanMetricsCollector} shows a scrape its scope's tenants, labelled
 * {@code tenant} with multitenancy on and exactly as before tenants with it off.
 */
package io.tracemate.spanmetrics;
