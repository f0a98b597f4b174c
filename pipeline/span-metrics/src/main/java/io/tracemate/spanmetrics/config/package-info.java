/**
 * Configuration of span metrics, in the collector's {@code spanmetrics} connector's keys (see
 * {@link io.tracemate.spanmetrics.config.SpanMetricsConfig}).
 */
package io.tracemate.spanmetrics.config;
