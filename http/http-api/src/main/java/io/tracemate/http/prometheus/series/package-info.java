/**
 * The span metrics and service graph series of the RED stores as a PromQL
 * {@link io.tracemate.promql.engine.SeriesSource} ({@link io.tracemate.http.prometheus.series.RedSeriesSource}),
 * reached per tenant scope through {@link io.tracemate.http.prometheus.series.MetricSeries}.
 *
 * <p>Why here: the PromQL engine must not see the pipeline and the pipeline must not see the engine; the HTTP layer
 * sees both (the query languages and the connectors' query models), and the Prometheus API and Jaeger's SPM are
 * its two readers today. The connectors say how their own series read on /metrics
 * ({@link io.tracemate.spanmetrics.SpanMetricsExposition}, {@link io.tracemate.servicegraph.ServiceGraphExposition});
 * this package only turns store slots into cumulative samples. When the ruler arrives (a reader outside HTTP), the
 * package moves into a module of its own that both depend on, unchanged.
 */
package io.tracemate.http.prometheus.series;
