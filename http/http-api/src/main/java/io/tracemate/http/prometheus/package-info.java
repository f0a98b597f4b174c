/**
 * Prometheus' HTTP query API over the span metrics and service graph series ({@link
 * io.tracemate.http.prometheus.PrometheusApi}), so Grafana's Prometheus data source and Jaeger's SPM with a
 * Prometheus backend work against Tracemate unchanged.
 *
 * <p>Design: the handlers only read parameters the way Prometheus' {@code web/api/v1} does ({@code PromRequest}:
 * form bodies, times as Unix seconds or RFC 3339, durations as Prometheus durations or float seconds), run the
 * PromQL engine over the series the request's tenant scope reads ({@link
 * io.tracemate.http.prometheus.series.MetricSeries}), and write Prometheus' envelope ({@code PromJson}, {@link
 * PromErrors}: {@code bad_data} 400, {@code execution} 422, {@code timeout} 503). The engine owns every limit
 * ({@code query.promql}: samples, series, steps, query size and depth, time-out); the request's cancellation stops
 * it when the client goes away. What the series are, and where they differ from a scrape of /metrics, is the
 * {@code series} package's documentation.
 */
package io.tracemate.http.prometheus;
