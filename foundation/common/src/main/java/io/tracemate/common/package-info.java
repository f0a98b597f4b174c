/**
 * Small things every layer shares, one implementation each: query cancellation (here), user regexes with Go's
 * semantics ({@code regex}), the duration and byte size dialects ({@code units}) and {@link
 * io.tracemate.common.CachedSupplier} for gauges over store statistics. The only dependency is RE2/J.
 *
 * <p>{@link io.tracemate.common.Cancellation} is the one way a query learns it must stop, whatever the query
 * path (LogQL log and metric queries and their parallel parts, log store scans, Jaeger searches on the span
 * store, trace analysis, live tail). The HTTP layer creates one per request with the query's time-out and
 * cancels it when the client goes away; every layer below checks it at its own cheap cadence (per chunk, per
 * page, every few hundred entries) and stops by throwing {@link io.tracemate.common.CancelledException}, which
 * the HTTP layer maps to its time-out answer. A deadline and a flag in one object means a query stops for the
 * same reasons everywhere, and nothing has to be interrupted (thread interrupts are lost in pooled executors and
 * ignored by regex matching).
 */
package io.tracemate.common;
