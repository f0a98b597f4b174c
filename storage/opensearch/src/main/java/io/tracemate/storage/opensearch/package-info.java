/**
 * The span store on OpenSearch: {@link io.tracemate.storage.opensearch.OpenSearchStorage}, a
 * {@link io.tracemate.storage.StorageBackend} on the official {@code opensearch-java} client (Apache HttpClient 5
 * transport, Jackson), configured by {@link io.tracemate.storage.opensearch.OpenSearchStorageConfig}. It passes the
 * same contract suite as the embedded store, unchanged, against a real node.
 *
 * <h2>Layout: Jaeger's</h2>
 *
 * <p>One span index and one service index per UTC day, {@code [<prefix>-]jaeger-span-YYYY-MM-DD} and
 * {@code [<prefix>-]jaeger-service-YYYY-MM-DD}, created on first write from composable index templates installed
 * at start (shards and replicas from the config, {@code best_compression}, {@code dynamic: false}). Span documents
 * carry Jaeger's field names and shapes (see {@code SpanDocuments}); what Jaeger's reader can do with them is in
 * docs/ARCHITECTURE.md. A span goes to the index of the day its trace was first seen in ({@code TraceRouter}), not
 * of its own start, so retention deletes traces whole.
 *
 * <h2>Tenants: a field, not an index each</h2>
 *
 * <p>Every document has a {@code tenant} keyword, and every read is built on {@code Queries.inScope}, whose filter
 * holds the read's tenants. Indices per tenant would multiply shards by tenants (each a Lucene index with its own
 * heap, file handles and cluster-state entry; OpenSearch's guidance is a few hundred shards per node): with 50
 * tenants, 30 days and one primary and one replica each, 3,000 shards for what one shard a day holds. A filter on a
 * keyword is a cached bitset per segment, close to free, and it keeps one cluster's shard count independent of how
 * many tenants there are.
 *
 * <h2>Writing: acknowledged means durable and, after flush, visible</h2>
 *
 * <p>{@code BulkIndexer} batches documents into {@code _bulk} requests (bounded bytes, bounded requests in flight,
 * retries with backoff on 429/5xx, failed items alone retried, malformed ones counted and dropped). A bulk answer
 * means the operations are in the translog, fsynced per request on every copy (OpenSearch's default durability).
 * {@code SpanWriter.flush()} waits for every request sent before it and then refreshes the indices written since
 * the last flush, so the suite's read-after-flush holds; between flushes the index refresh interval (1 s) makes
 * spans visible. The durable queue flushes every {@code ingest.traces.flush-interval} (10 s by default), so that
 * is one refresh per written index per 10 s beyond OpenSearch's own: {@code refresh=wait_for} on every bulk would
 * instead hold every request up to a refresh interval, and {@code refresh=true} would make a segment per request.
 *
 * <h2>Reading</h2>
 *
 * <p>Trace by ID: one search on {@code traceID} across the span indices. Search: one {@code _msearch} round trip
 * with one collapsed search per tenant of the scope (hits are traces, ordered exactly by their newest matching
 * span's start in nanoseconds, or their longest duration), then one search for the spans of the chosen traces.
 * Services and operations: terms aggregations over the small service indices. Dependencies: doc values of the
 * window's spans, joined in memory per trace.
 *
 * <h2>Retention</h2>
 *
 * <p>Driven by Tracemate ({@code Retention}): whole daily indices past the longest retention are deleted; tenants
 * with a shorter one lose their documents of younger days by search-and-bulk-delete, followed by an
 * expunge-deletes force merge. A production cluster's ISM policy may delete indices too: Tracemate tolerates
 * indices that disappear, and needs none.
 */
package io.tracemate.storage.opensearch;
