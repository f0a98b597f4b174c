/**
 * The Loki-compatible HTTP API (what Grafana's Loki data source and logcli call) and Tracemate's trace-to-logs
 * correlation endpoint.
 *
 * <p>{@link io.tracemate.http.loki.LokiQueryApi} is the entry point; it binds {@code /loki/api/v1/query},
 * {@code /query_range}, {@code /labels}, {@code /label/{name}/values}, {@code /series}, {@code /index/stats},
 * {@code /tail} (WebSocket), {@code /format_query}, {@code /status/buildinfo}, the discovery endpoints
 * ({@code /index/volume}, {@code /index/volume_range}, {@code /patterns}, {@code /detected_fields},
 * {@code /detected_field/{name}/values}, {@code /detected_labels}, {@code /drilldown-limits}) and
 * {@code /api/logs/trace/{traceID}}. The pieces, each
 * testable alone:
 * <ul>
 *   <li>{@code LokiParams}: Loki's parameter rules (timestamps as RFC 3339, Unix seconds up to 1e10 or
 *       nanoseconds above; {@code since}; step as float seconds or a duration, default range/250 s; limit,
 *       direction, interval, delay_for) with Loki's error messages; {@code LokiRequest} merges a POST form body
 *       into the query string and reads the tenant ({@code X-Scope-OrgID}) and encoding flags.</li>
 *   <li>Evaluation is the {@code logql-engine}'s: it splits long ranges and runs the parts in parallel, and
 *       enforces the entries, length, series, bytes and time limits; this package only maps its exceptions
 *       ({@code LokiErrors}, a mapping of the shared {@link io.tracemate.http.support.ApiErrors}: plain text as
 *       Loki writes it, 400 for parse errors and limits, 504 for the timeout).</li>
 *   <li>JSON: {@code QueryResultJson} streams Loki's shapes with Jackson (streams values {@code ["<ns>","line"]},
 *       matrix/vector points {@code [<seconds>,"<value>"]} printed as Prometheus prints them, scalar), and
 *       {@code QueryStatistics} the {@code stats} object with Loki's field names, through the shared
 *       {@link io.tracemate.http.support.JsonBody} ({@code LokiJson}: labels, times and sample values as Loki
 *       prints them). {@code StreamGrouping}
 *       applies the {@code categorize-labels} encoding flag: stream labels without structured metadata, which
 *       moves to each value's third element.</li>
 *   <li>Metadata endpoints ({@code MetadataApi}) and correlation ({@code TraceLogsApi}) answer from the store's
 *       indexes through {@link io.tracemate.logs.LogReader} without reading lines.</li>
 *   <li>Discovery ({@code DiscoveryEndpoints}, what Grafana's Logs Drilldown and Explore call before querying):
 *       {@code VolumeApi} ({@code /index/volume}, {@code /index/volume_range}) sums per-stream index stats
 *       ({@link io.tracemate.logs.LogReader#streamStats}) by label set or label name; {@code DetectedLabelsApi}
 *       reads stream labels from the index; {@code DetectedFieldsApi} samples the newest lines of a log query
 *       ({@code NewestLines}, its own backward merge because it must keep stream labels, structured metadata and
 *       parsed labels apart) and parses them as Loki does ({@code DetectedFields}, {@code FieldTypes});
 *       {@code PatternsApi} mines patterns on request with Drain ({@code loki.patterns}), sampling evenly past a
 *       fixed number of lines. They read the store directly, so {@code RequestBudget} applies the engine's
 *       {@code max_query_length}, {@code query_timeout} and {@code max_query_series} limits, and the readers check
 *       {@code max_query_bytes_read} as they go.</li>
 *   <li>Live tail: {@link io.tracemate.http.loki.LogTailHub} receives what the ingest path acknowledged and
 *       fans it out to {@code TailSubscription}s, each a bounded queue with at most one message in flight, so
 *       a slow client loses entries (reported as {@code dropped_entries}) instead of slowing ingest;
 *       {@code TailApi} validates before the WebSocket upgrade, sends the stored history, then live entries.</li>
 *   <li>Cost: every query's {@link io.tracemate.logs.ScanStats} goes into the response's {@code stats}, into
 *       {@code X-Tracemate-Bytes-Scanned}/{@code X-Tracemate-Lines-Scanned} and into the per-tenant
 *       {@link io.tracemate.http.loki.QueryCostRecorder}.</li>
 * </ul>
 *
 * <h2>Cancellation and limits: what every endpoint must do</h2>
 * Any client on the network may send a query built to burn CPU or memory, and may leave before the answer. So:
 * <ul>
 *   <li>Bind the endpoint with {@code LokiEndpoints.blocking(name, handler)} (Loki's request parsing and cost
 *       accounting over the shared {@link io.tracemate.http.support.BlockingEndpoints}). It runs the handler on the
 *       blocking executor, counts it in {@code tracemate_queries_running{api="loki"}} until the handler returns,
 *       and gives it {@link io.tracemate.http.loki.LokiRequest#cancellation()}: a
 *       {@link io.tracemate.common.Cancellation} whose deadline is the query time-out ({@code logs.query.timeout})
 *       and which is cancelled when Armeria cancels the request (its request time-out, the client closing the
 *       connection or resetting the stream; see {@link io.tracemate.http.support.RequestCancellation}).</li>
 *   <li>Hand that cancellation to everything that may take time: {@code LogQLEngine.execute(request, stats,
 *       cancellation)}, {@code LogReader.entries(..., cancellation)}, the reader's index answers ({@code streams}, {@code labelNames},
 *       {@code labelValues}, {@code indexStats}, {@code streamStats}, {@code byTrace}, each with the cancellation:
 *       they match selector regexes against every stream), and your own loops (call
 *       {@code cancellation.check()} per chunk, page or few hundred items, never per byte; compile user regexes
 *       with {@code GoRegex} (RE2, Loki's semantics) and match them through
 *       {@code GoRegex.matcher(pattern, line, cancellation)}, which guards the matches that may take long). Parse LogQL with the engine's limits
 *       ({@code LogQL.parse(query, limits.parseLimits())}), never the unbounded way.</li>
 *   <li>Let failures propagate: {@link io.tracemate.logql.syntax.LogQLParseException} (also for
 *       {@code max_query_size}/{@code max_query_depth}) and {@link io.tracemate.logql.engine.QueryLimitException}
 *       (e.g. {@code max_formatted_line_size}, {@code max_query_memory}) become 400 naming the limit, the deadline
 *       504, a cancelled request 499, all as Loki's plain-text errors ({@code LokiErrors}).</li>
 * </ul>
 * The engine makes parallel parts of a query stop with it: when one fails, the others are cancelled and awaited,
 * so the gauge reaches 0 only when no thread works on the query any more. A live tail owns a cancellation for its
 * whole life (its history query adds the time-out); it is cancelled when the socket closes or stops answering
 * pings, which also stops a pipeline still running on a batch.
 *
 * <h2>Tenants</h2>
 * A request reads the tenants the server's access decorator authorized ({@code X-Scope-OrgID}, {@code a|b} for
 * several, each of which the caller must be allowed to read). Every endpoint reads through
 * {@link io.tracemate.logs.CrossTenantReader} (the engine too), the one place that gives a read of several tenants
 * Loki's multi-tenant semantics: each stream carries {@code __tenant_id__}, matchers on it narrow the tenants, and
 * the store answers the whole scope in one call, so every per-query limit (entries, series, bytes, time) is over
 * the whole query, never per tenant. A live tail of several tenants labels each pushed stream the same way before
 * its selector sees it. Costs are counted under the scope as sent ({@code tenant="a|b"}).
 *
 * <p>Deviations from Loki: a live tail may cover several tenants (Loki's may not); {@code delay_for} is validated but
 * needs no waiting; with {@code categorize-labels}, labels added by parsers stay in the stream (the engine's
 * result does not separate them); {@code /labels} and friends always include {@code data} (Loki omits it when
 * empty). Patterns are mined when asked (Loki mines them at ingest), detected-field cardinalities are exact (Loki
 * estimates them), and {@code line_limit} counts lines per request (Loki's is per shard).
 */
package io.tracemate.http.loki;
