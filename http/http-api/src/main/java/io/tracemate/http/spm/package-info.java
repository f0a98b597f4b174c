/**
 * Jaeger's Service Performance Monitoring API ({@code /api/metrics/latencies|calls|errors|minstep}) over the span
 * metrics series, so that the Jaeger UI's Monitor tab works against Tracemate with no Prometheus in between.
 *
 * <p>Design: Jaeger's query service answers these endpoints by sending PromQL to a Prometheus that scrapes the span
 * metrics connector. Tracemate already answers PromQL over the same series ({@code http.prometheus}), so this package
 * only does what Jaeger's handler and reader do around the query: parse Jaeger's parameters ({@code SpmParams}),
 * write Jaeger's PromQL for them ({@code SpmQueries}), run it as a range query through the engine over the series
 * the request's tenant scope reads ({@link io.tracemate.http.prometheus.series.MetricSeries}, the one seam every
 * PromQL reader uses, so per-tenant pipeline state reaches this API unchanged), and write the answer as Jaeger's
 * {@code MetricFamily} JSON ({@code MetricFamilyJson}). The numbers are therefore the Prometheus API's numbers for
 * the same query, and every limit of {@code query.promql} holds here too.
 */
package io.tracemate.http.spm;
