/**
 * What every HTTP API family shares, so that each family (Jaeger, Loki, topology, RED, analysis) writes only its
 * own routes, parameters and documents.
 *
 * <ul>
 *   <li>Running an endpoint: {@link io.tracemate.http.support.BlockingEndpoints} makes every handler's service: the
 *       request's {@link io.tracemate.http.support.RequestCancellation} bound on arrival, the handler on the blocking
 *       executor, counted in {@link io.tracemate.http.support.RunningQueries}, failures answered by the family's
 *       {@link io.tracemate.http.support.ApiErrors}. Handlers throw; only this class catches.</li>
 *   <li>Errors: one mapping from exceptions to a status and a message
 *       ({@link io.tracemate.http.support.ApiErrors}: bad requests, cancellations and bugs alike for every family,
 *       plus the failures a family knows itself), written in the family's
 *       {@link io.tracemate.http.support.ErrorShape}. The same shapes render the pages the server answers itself
 *       ({@link io.tracemate.http.ApiErrorPages}), so a client reads one error format whatever failed.</li>
 *   <li>One bad-request type, {@link io.tracemate.http.support.BadRequestException}, thrown by every parameter
 *       parser with a message that names the parameter.</li>
 *   <li>One JSON writer, {@link io.tracemate.http.support.JsonBody}: documents streamed into Jackson generators of
 *       one shared mapper, which also reads every JSON a client sends.</li>
 *   <li>The parameter kinds the families read alike ({@link io.tracemate.http.support.Parameters}: optional and
 *       required values, RFC 3339 times, epoch nanoseconds), and the time window of Tracemate's own APIs
 *       ({@link io.tracemate.http.support.TimeWindow}). Where the families differ (Jaeger's microseconds and Go
 *       durations, Loki's seconds-or-nanoseconds and Prometheus durations, each family's limits and wording), each
 *       keeps its own parser on top of these, because its clients expect exactly its rules and messages.</li>
 * </ul>
 *
 * <p>Depends on Armeria, Jackson and {@code common} only; never on a feature package. Everything here is immutable or
 * thread-safe.
 */
package io.tracemate.http.support;
