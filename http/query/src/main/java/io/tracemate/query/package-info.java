/**
 * The Jaeger-compatible query API: what Jaeger UI and Grafana's Jaeger data source call on port 16686.
 *
 * <p>{@link io.tracemate.query.JaegerQueryApi} is the only entry point; it binds two route families on an
 * Armeria server: the v1 JSON API ({@code /api/services}, {@code /api/traces}, ...; answers wrapped in
 * Jaeger's {@code {"data","total","limit","offset","errors"}} envelope, traces in the Jaeger UI model) and
 * the api_v3 HTTP gateway ({@code /api/v3/...}; proto3 JSON, traces as OTLP/JSON).
 *
 * <p>The work is split so each piece can be tested on its own:
 * <ul>
 *   <li>parameter parsing, pure functions from query parameters to a
 *       {@link io.tracemate.storage.TraceQuery}: {@link io.tracemate.query.JaegerParams} (v1 units:
 *       microseconds, milliseconds for dependencies), {@link io.tracemate.query.V3Params} (RFC 3339, camelCase
 *       and snake_case names), {@link io.tracemate.common.units.GoDuration} (Go duration syntax) and
 *       {@link io.tracemate.query.TagFilters} (JSON, logfmt and {@code key:value} tag filters);</li>
 *   <li>the OTLP → Jaeger mapping, {@link io.tracemate.query.JaegerTraceJson}, streaming straight into a
 *       Jackson generator;</li>
 *   <li>the HTTP handlers, which only call {@link io.tracemate.storage.TraceReader} and
 *       {@link io.tracemate.storage.DependencyReader}, on Armeria's blocking executor because stores block;
 *       {@code JaegerV3SearchApi} adds api_v3's {@code FindTraceSummaries} (what the Jaeger UI's search page
 *       calls; {@link io.tracemate.query.TraceSummary} computes a row from a whole trace, as Jaeger does for stores
 *       without native summaries) and the POST bindings, whose proto3 JSON body {@code V3SearchBody} turns into
 *       the GET binding's parameters so both share one validation.</li>
 * </ul>
 *
 * <p>{@link io.tracemate.query.ApiErrorPages} renders what the server itself answers (no route, wrong method,
 * body too large) in the error shape of the path's API family, so the Jaeger UI and Grafana show a readable
 * message instead of a plain-text page; it claims no route, so it can never shadow an API or the web UI.
 *
 * <p>Errors: a {@link io.tracemate.query.BadParameterException} is a 400 whose message names the parameter;
 * an unknown trace is a 404; a {@link io.tracemate.storage.StorageException} or any other failure is a 500.
 */
package io.tracemate.query;
