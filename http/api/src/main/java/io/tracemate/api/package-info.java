/**
 * Tracemate's own HTTP API beyond the Jaeger and Loki compatible ones: the live topology
 * ({@link io.tracemate.api.TopologyApi}, from the service graph) and RED metrics
 * ({@link io.tracemate.api.RedApi}, from span metrics). Both are computed on 100 % of spans before tail
 * sampling, so they stay true whatever the sampler drops. JSON with camelCase fields, epoch-millisecond times and
 * millisecond latencies; errors as {@code {"error": {"code", "message"}}}.
 */
package io.tracemate.api;
