/**
 * The storage SPI: what a span store must answer, and nothing about how.
 *
 * <p>A backend is a {@link io.tracemate.storage.StorageBackend} that hands out three narrow parts: a
 * {@link io.tracemate.storage.SpanWriter} (one idempotent write method plus flush), a
 * {@link io.tracemate.storage.TraceReader} (trace by ID, search, services, operations) and a
 * {@link io.tracemate.storage.DependencyReader}. The types here use only the model, the tenant types of {@code common} and the JDK so that a
 * Lucene backend and an OpenSearch backend can sit behind them alike, and every backend must pass the
 * contract suite in {@code tracemate-storage-tck}.
 *
 * <p>Semantics every backend keeps:
 * <ul>
 *   <li>Spans belong to the tenant they were written for ({@link io.tracemate.storage.SpanWriter#write}); every read
 *       takes a {@link io.tracemate.common.tenant.TenantScope} and sees only its tenants' spans, and each trace it
 *       returns says its tenant ({@link io.tracemate.storage.TenantTrace}). A trace ID is unique within a tenant
 *       only: the same ID written for two tenants is two traces. Single-tenant operation writes and reads
 *       {@link io.tracemate.common.tenant.TenantId#DEFAULT}, and data stored before tenants existed is
 *       {@code fake}'s.</li>
 *   <li>Writing the same span twice (a client retry, a write-ahead-log replay) never shows it twice:
 *       readers return each distinct span once.</li>
 *   <li>After {@link io.tracemate.storage.SpanWriter#flush()} returns, everything written before it is
 *       durable and visible to readers. Before that, visibility may lag (the embedded store refreshes
 *       within a second).</li>
 *   <li>A trace is returned whole: every stored span of it, not only the spans that matched a search.</li>
 * </ul>
 */
package io.tracemate.storage;
