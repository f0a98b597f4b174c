/**
 * The log store on OpenSearch: {@link io.tracemate.storage.opensearch.logs.OpenSearchLogStore}, a
 * {@link io.tracemate.logs.LogStore} on the same client, bulk indexer and configuration as the span backend. It
 * passes the log contract suite unchanged against a real node.
 *
 * <h2>Layout</h2>
 *
 * <p>One index per UTC day, {@code [<prefix>-]tracemate-logs-YYYY-MM-DD}, created on first write from a composable
 * template installed at start. One document per entry: {@code tenant}, the stream's fingerprint ({@code stream}),
 * its labels (source only) and, for selectors, {@code label} ({@code name=value}) and {@code label_name} keywords;
 * {@code ts} (epoch nanoseconds), {@code seq} and {@code pos} (the write's WAL sequence and the entry's place in it:
 * ties keep arrival order), the line (source only: never analysed), {@code line_bytes}, the structured metadata
 * (source only) and {@code trace_id}/{@code span_id} keywords for the logs of a trace.
 *
 * <h2>Tenants: a field, not an index each</h2>
 *
 * <p>As for spans: an index per tenant and day would multiply shards by tenants, and a keyword filter is a cached
 * bitset. Every query starts from {@code LogQueries.inScope}, whose filter holds the read's tenants.
 *
 * <h2>Writing: exactly once by identity</h2>
 *
 * <p>A document's ID is a hash of its stream, timestamp, line and metadata, so a replayed write (after a crash,
 * or a Kafka redelivery to another ingester) overwrites itself. The persisted WAL sequence lives in a file of the
 * local data directory, written after the flush it covers. Entries become visible when the writer flushes: the
 * indices have no periodic refresh ({@code refresh_interval: -1}); the flush waits for every bulk request and
 * refreshes the indices written since the last one, so readers see writes in order and whole.
 *
 * <h2>Reading</h2>
 *
 * <p>Stream selection, label values and statistics: a composite aggregation over the fingerprint (paged), with
 * equality matchers pushed down as terms and the rest (regexes, inequalities) checked on the labels. Entries:
 * search_after pages in (ts, seq, pos) order, line filters applied in Tracemate. Logs of a trace: one sorted search
 * on {@code trace_id}.
 */
package io.tracemate.storage.opensearch.logs;
