/**
 * RED (rate, errors, duration) over HTTP, Tracemate's own API: {@link io.tracemate.http.red.RedApi} answers
 * {@code /api/red/...} from span metrics, computed on 100 % of spans before tail sampling, so the figures stay true
 * whatever the sampler drops; a service's operations carry a health verdict by the service graph's rules.
 * {@link io.tracemate.http.red.RedJson} and {@link io.tracemate.http.red.HealthJson} write RED figures and health
 * verdicts, here and for the topology ({@code io.tracemate.http.topology}), which depends on this package and not the
 * other way round.
 *
 * <p>JSON with camelCase fields, epoch-millisecond times and millisecond latencies; the window parameters are
 * {@link io.tracemate.http.support.TimeWindow}'s; errors are {@code {"error": {"code", "message"}}}
 * ({@link io.tracemate.http.support.ErrorShape#TRACEMATE}), mapped by the shared
 * {@link io.tracemate.http.support.BlockingEndpoints}. Handlers run on the blocking executor and only read the
 * span metrics' thread-safe query model.
 */
package io.tracemate.http.red;
