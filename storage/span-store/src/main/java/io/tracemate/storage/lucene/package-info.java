/**
 * The embedded span store: {@link io.tracemate.storage.lucene.LuceneStorage}, a
 * {@link io.tracemate.storage.StorageBackend} on Apache Lucene, configured by
 * {@link io.tracemate.storage.lucene.LuceneStorageConfig}.
 *
 * <h2>Layout on disk</h2>
 *
 * <pre>
 * dataDir/spans/1732060800/   one Lucene index per time partition, named by its start (epoch seconds)
 * dataDir/spans/1732147200/
 * dataDir/spans/1731974400.deleted/   a dropped partition being deleted (removed again at start)
 * </pre>
 *
 * <p><b>Partitions are the unit of retention.</b> Deleting a directory is instant and reclaims all its
 * space at once, where deleting documents would leave tombstones for merges to clean up. The partition's
 * start and duration are kept in its commit data, so changing the configured duration affects only new
 * partitions.
 *
 * <p><b>A span goes to the partition of its trace</b>, not of its own start time: the first partition that
 * saw the trace ID (remembered in a bounded in-memory table), otherwise the partition of the span's start
 * time, unless that start lies within an hour of the partition's edge and the neighbouring partition
 * already holds the trace (which covers traces that straddle midnight across a restart). So retention
 * drops traces whole, and a trace is read from one place. Spans routed to a partition that retention has
 * already dropped are discarded; the receivers refuse spans older than the retention before acknowledging
 * them, so only spans that waited until retention passed their partition meet this.
 *
 * <p><b>Retention per tenant.</b> A run takes a {@link io.tracemate.common.tenant.RetentionPolicy}: partitions
 * older than its earliest cutoff (the longest retention in force) are dropped whole, as above. In a younger
 * partition, the spans of each tenant whose own cutoff the partition's end has passed are deleted by query (its
 * tenant term; for {@code fake}, span documents without a tenant field, which leaves the origin dictionary's
 * documents alone), its services leave the partition's catalog, and the partition is merged into one segment,
 * which reclaims the space before the run returns. Such a partition has ended and gets only late spans (Lucene's
 * read-only case), so no later merge would reclaim the deletes; {@code forceMergeDeletes} under the default merge
 * policy left segments with deletes behind. Measured ({@code TenantRetentionTest}): a partition of two equal
 * tenants shrinks from 417 KB to 250 KB (60 %) when one goes. The cost is one rewrite of the partition per cutoff
 * that passes it, with free disk space for one copy of it while the merge runs; a run with unchanged cutoffs finds
 * no expired tenant and rewrites nothing. A tenant's late span
 * for such a partition is discarded; one written while the run deletes may survive it and goes at the next run.
 *
 * <h2>One document per span</h2>
 *
 * <table>
 *   <caption>Fields (see {@code IndexFields})</caption>
 *   <tr><th>field</th><th>kind</th><th>why</th></tr>
 *   <tr><td>tid</td><td>term + sorted doc values</td><td>trace by ID; the trace of a search hit</td></tr>
 *   <tr><td>tenant</td><td>term + sorted doc values</td><td>the tenant filter of every read; the tenant of a hit.
 *       Only on spans of a tenant other than {@code fake}: single-tenant operation pays nothing for it, and spans
 *       stored before tenants existed are {@code fake}'s</td></tr>
 *   <tr><td>svc</td><td>term</td><td>service search</td></tr>
 *   <tr><td>op</td><td>term (service, name, kind)</td><td>operation search; rebuilds the operation list at
 *       start ({@code fake}'s spans; other tenants' in "top", prefixed with the tenant, so the lists are rebuilt
 *       per tenant)</td></tr>
 *   <tr><td>tag</td><td>terms "key\0value"</td><td>tags of the span's own attributes, its events'
 *       attributes and the derived tags error=true, span.kind, otel.status_code,
 *       otel.status_description</td></tr>
 *   <tr><td>org</td><td>term</td><td>the span's origin (resource + scope): resource-attribute and
 *       otel.scope.* tags are searched as "any origin carrying this tag"</td></tr>
 *   <tr><td>start</td><td>numeric doc values with skip index</td><td>time filter and newest-first sort;
 *       spans arrive roughly in time order, so the skip index prunes whole blocks</td></tr>
 *   <tr><td>dur, sid, pid, om</td><td>numeric doc values</td><td>duration filter; span rebuild;
 *       dependency links (span/parent IDs; origin number packed with kind and error bits)</td></tr>
 *   <tr><td>span</td><td>stored (DEFLATE, 480 KB blocks)</td><td>the rest of the span</td></tr>
 * </table>
 *
 * <p><b>Why this shape.</b> The byte budget (well under 100 bytes a span, indexes included) rules out
 * storing spans as protobuf. The least compressible parts of a span, its IDs and timestamps, are kept
 * once, as doc values, which queries need anyway, and left out of the stored record. The resource and scope,
 * identical for all spans of a service instance, are stored once per partition in an origin dictionary (as
 * documents of the same index, so a commit never holds a span without its origin) and indexed once per
 * origin rather than once per span. What remains in the record (name, attributes, events, links, status) is
 * repetitive text that Lucene's BEST_COMPRESSION stored fields shrink about tenfold. Tag values longer than
 * 256 characters (and keys with NUL) are indexed as a 160-bit digest: exact matching at a fixed cost.
 *
 * <h2>Reading</h2>
 *
 * <p><b>Tenants.</b> Every read opens its {@code ReadSnapshot} with the read's tenant scope, and the snapshot is the
 * one place that runs queries: it adds the scope's tenant FILTER clause to each, and never hands out its searcher.
 * A trace is identified by (tenant, trace ID) throughout, so one ID written for two tenants is two traces. The
 * origin dictionary is shared by the tenants of a partition: an origin is only ever reached through a span document
 * the filter let through. Services and operations come from per-tenant catalogs; dependencies are joined one
 * tenant at a time.
 *
 * <p>Every read takes a snapshot: a reference to each live partition and to its current searcher, combined
 * in one {@code MultiReader}. Retention swaps the set of live partitions atomically and the last reader of a
 * dropped partition closes and deletes it, so a query in flight always completes on whole partitions.
 *
 * <ul>
 *   <li>trace(id): one term query over all partitions; spans rebuilt from record + doc values; identical
 *       spans (client retries, write-ahead-log replays) returned once; ordered by start time.</li>
 *   <li>findTraces: the criteria become FILTER clauses of one query (so all hold on one span), sorted by
 *       start time descending; distinct trace IDs are collected page by page until the limit, then the
 *       traces are loaded whole.</li>
 *   <li>findTraceSummaries: the same search in a snapshot of the same tenant scope, then each trace (one
 *       tenant's, as in findTraces) summarized from doc values alone (span and parent IDs, start, duration, origin
 *       and error bit; copies of a span counted once by those values); only the root span's record is read, for
 *       its name.</li>
 *   <li>services and operations: in-memory per partition, seeded from the "op" terms at open and updated
 *       on write, so retention also retires names.</li>
 *   <li>dependencies: doc values of the spans in the window (never the stored records), joined within each
 *       trace, at most {@link io.tracemate.storage.lucene.LuceneStorageConfig#maxDependencySpans()} spans.</li>
 * </ul>
 *
 * <h2>Writing and durability</h2>
 *
 * <p>One {@code IndexWriter} per partition takes documents from any number of threads. Written spans are
 * searchable after the next refresh ({@link io.tracemate.storage.lucene.LuceneStorageConfig#refreshInterval()},
 * a background thread) and durable after {@code flush()} (a commit of every partition) or close. Crash
 * safety between commits is the write-ahead log's job, in the ingest module.
 */
package io.tracemate.storage.lucene;
