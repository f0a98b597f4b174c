/**
 * The HTTP APIs of the query port, one feature package per API family over one shared support package:
 * <ul>
 *   <li>{@code jaeger}: Jaeger's v1 JSON API and api_v3 HTTP gateway (Jaeger UI, Grafana's Jaeger data source);</li>
 *   <li>{@code loki}: Loki's HTTP API with live tail, the discovery endpoints of Grafana's Logs Drilldown
 *       ({@code loki.patterns} mines patterns) and Tracemate's logs-of-a-trace endpoint, which shares Loki's
 *       tenant, parameters, cost accounting and errors;</li>
 *   <li>{@code analysis}: a trace's critical path and summaries, in Jaeger v1's dialect;</li>
 *   <li>{@code topology} and {@code red}: Tracemate's own API over the service graph and span metrics;</li>
 *   <li>{@code support}: what they all share: running an endpoint, mapping failures to each family's error shape,
 *       one bad-request type, one JSON writer, the parameter kinds they read alike.</li>
 * </ul>
 * {@link io.tracemate.http.ApiErrorPages} knows which path belongs to which family, so that what the server answers
 * itself (no route, wrong method) comes in that family's error shape.
 *
 * <p>Feature packages depend on {@code support} and on the stores' and engines' read APIs, never on each other,
 * except {@code analysis} on {@code jaeger} (whose dialect it speaks) and {@code topology} on {@code red} (whose JSON
 * it writes). Nothing here writes data or sees the receivers, the durable queue or the server.
 */
package io.tracemate.http;
