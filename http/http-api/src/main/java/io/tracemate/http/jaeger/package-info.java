/**
 * The Jaeger-compatible query API: what Jaeger UI and Grafana's Jaeger data source call on port 16686.
 *
 * <p>{@link io.tracemate.http.jaeger.JaegerQueryApi} is the only entry point; it binds two route families on an
 * Armeria server: the v1 JSON API ({@code /api/services}, {@code /api/traces}, ...; answers wrapped in
 * Jaeger's {@code {"data","total","limit","offset","errors"}} envelope, traces in the Jaeger UI model) and
 * the api_v3 HTTP gateway ({@code /api/v3/...}; proto3 JSON, traces as OTLP/JSON).
 *
 * <p>The work is split so each piece can be tested on its own:
 * <ul>
 *   <li>parameter parsing, pure functions from query parameters to a
 *       {@link io.tracemate.storage.TraceQuery}: {@link io.tracemate.http.jaeger.JaegerParams} (v1 units:
 *       microseconds, milliseconds for dependencies), {@link io.tracemate.http.jaeger.V3Params} (RFC 3339, camelCase
 *       and snake_case names), {@link io.tracemate.common.units.GoDuration} (Go duration syntax) and
 *       {@link io.tracemate.http.jaeger.TagFilters} (JSON, logfmt and {@code key:value} tag filters);</li>
 *   <li>the OTLP → Jaeger mapping, {@link io.tracemate.http.jaeger.JaegerTraceJson}, streaming straight into a
 *       Jackson generator;</li>
 *   <li>the HTTP handlers, which only call {@link io.tracemate.storage.TraceReader} and
 *       {@link io.tracemate.storage.DependencyReader}, on Armeria's blocking executor because stores block;
 *       {@code JaegerV3SearchApi} adds api_v3's {@code FindTraceSummaries} (what the Jaeger UI's search page
 *       calls; the store summarizes each trace, {@link io.tracemate.storage.TraceReader#findTraceSummaries}) and the
 *       POST bindings, whose proto3 JSON body {@code V3SearchBody} turns
 *       into the GET binding's parameters so both share one validation.</li>
 * </ul>
 *
 * <p>Tenants: every handler reads the request's {@link io.tracemate.common.tenant.TenantScope}
 * ({@link io.tracemate.http.support.RequestTenants}) and passes it to the store, which keeps the read within it. An
 * answer for one tenant is what it was before tenants existed; one covering several ({@code X-Scope-OrgID: a|b})
 * marks each trace's spans with the process tag (api_v3: resource attribute) {@code tenant}
 * ({@code TenantTraces}), and may hold one trace ID twice, once per tenant.
 *
 * <p>Errors: handlers throw and the shared {@link io.tracemate.http.support.BlockingEndpoints} answers, with
 * {@link io.tracemate.http.jaeger.JaegerErrors}' shapes (v1's envelope, api_v3's gateway error): a
 * {@link io.tracemate.http.support.BadRequestException} is a 400 whose message names the parameter in Jaeger's words;
 * an unknown trace is a 404; a {@link io.tracemate.storage.StorageException} or any other failure is a 500. What the
 * server itself answers (no route, wrong method, body too large) comes in the same shapes through
 * {@link io.tracemate.http.ApiErrorPages}.
 */
package io.tracemate.http.jaeger;
