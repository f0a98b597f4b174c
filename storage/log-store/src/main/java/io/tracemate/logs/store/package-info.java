/**
 * The embedded log store: the default {@link io.tracemate.logs.LogStore}, opened with
 * {@link io.tracemate.logs.store.EmbeddedLogStore#open(EmbeddedLogStoreConfig)}.
 *
 * <h2>Layout</h2>
 * <pre>
 * data_dir/
 *   state                    commit point: persisted WAL sequence + committed length of every file, the
 *                            generation of every partition, the last retention cutoffs per tenant (atomic rename)
 *   heads-&lt;gen&gt;.journal     zstd frames of head-block entries not yet in a chunk, one frame per flush
 *   p-&lt;startNanos&gt;/          one directory per time partition (partition_duration, default 1 h);
 *   p-&lt;startNanos&gt;.g&lt;n&gt;/    its n-th rewrite by retention (without an expired tenant's streams)
 *     chunks.dat             compressed chunks, append-only
 *     index.log              stream records (local id, tenant, labels) and chunk records, append-only
 * </pre>
 *
 * <p><b>Streams and chunks.</b> A stream is (tenant, labels); the tenant is part of its identity, so tenants
 * never see each other's streams. Entries go to the stream's head block in the partition of their timestamp;
 * a head is cut into a chunk at {@code chunk_target_bytes} of line text (512 KiB) or {@code max_head_age}.
 * A chunk is one zstd frame (level 3) of a columnar payload: entry count, timestamp deltas, line lengths and
 * metadata lengths as varints, the metadata blob, then every line back to back. Its record in
 * {@code index.log} keeps stream, time range, counts, offset/length and the trace filter, so queries prune by
 * time and trace ID without reading chunk data.
 *
 * <p><b>Why these choices (figures from {@code LogStoreBenchmark} on the {@code LogCorpus} of ~870-byte JSON
 * and logfmt lines, 100 streams).</b> zstd level 3 gives ~138 bytes per line at chunk sizes from 512 KiB to
 * 2 MiB (the corpus's random IDs, not the window, bound the ratio); 512 KiB halves what a trace lookup
 * decompresses compared with 1 MiB at no loss. Level 6 would save ~10 bytes per line but compresses ~3x
 * slower, and ingest must stay above 50 MB/s per CPU-second. Structured metadata costs ~6 bytes per line: zstd
 * finds the trace ID again in the line. Decompression dominates a scan, so the substring search runs on the
 * decompressed bytes of all lines at once (a SWAR search for the needle's rarest byte, ~9 GB/s), maps hits to
 * lines through the line-start column and builds Strings only for matching lines.
 *
 * <p><b>Label index.</b> Per partition, in memory: tenant, then label name, then value, to streams, built from
 * the stream records at open. Equality matchers pick the shortest posting list; the other matchers (including
 * the absent-label-is-empty rule) filter its streams. Posting lists are append-only arrays grown by doubling
 * with a published length ({@code AppendOnlyList}): a new stream costs O(1) amortised per label however many
 * streams exist, and readers take no lock. 300,000 new streams cost ~2 s of writer CPU and ~790 bytes of heap
 * per stream, entry and labels included ({@code ManyStreamsBenchmark}). Ingest bounds streams per tenant (Loki's
 * stream limits), so stream counts stay in the thousands to hundreds of thousands, where a file format of its own
 * (or Lucene) would add nothing but I/O.
 *
 * <p><b>Trace index.</b> Each chunk record carries the sorted, distinct first 32 bits of its entries' trace
 * IDs (delta-varint, ~3 bytes per distinct trace). {@code byTrace} binary-searches every chunk of the tenant in
 * range and decompresses only chunks that hold the key; with ~500 traces per chunk a chunk without the trace
 * is opened with probability ~1e-7. Within a chunk, the trace ID is byte-searched in the metadata blob. Heads
 * keep one key per entry.
 *
 * <p><b>Durability.</b> {@code flush()} fsyncs the partitions' appended chunks and index records, appends one
 * journal frame with the head entries added since the last flush plus a "cut" record per head cut since
 * (replay drops what the journal held for it), fsyncs it, then replaces {@code state} (temp file, fsync,
 * atomic rename, directory fsync) with the new lengths and the highest WAL sequence written. At open,
 * everything past the committed lengths is truncated and files the state does not name are deleted, so the
 * store holds exactly what the persisted sequence says and the WAL replays the rest exactly once. Heads are not
 * cut at flush: frequent flushes would otherwise produce small chunks that compress badly. When the journal
 * passes {@code journal_rotate_bytes}, a new generation holding only live heads replaces it.
 *
 * <p><b>Retention.</b> A run takes a {@link io.tracemate.common.tenant.RetentionPolicy}. Whole partitions whose
 * end is at or before its earliest cutoff (the longest retention in force) are dropped: removed from the state
 * (with a journal rotation so their heads are forgotten), then deleted. In a younger partition, the streams of a
 * tenant whose own cutoff the partition's end has passed are hidden at once (the label index and the reads by
 * stream skip the tenant there; the cutoffs are in the state file, so this holds across a restart, and the
 * tenant's late entries for such a partition are not written), then removed from disk by rewriting the partition:
 * every other stream's chunks are copied byte for byte (no recompression) into {@code p-<start>.g<n+1>}, which is
 * synced before the state file names it. The bulk is copied without the writer's lock (ingest goes on); the lock
 * is taken only to copy what late entries added meanwhile, swap and commit. The state's rename is the commit point: a crash before it reopens the old
 * generation (the new directory is not named and is deleted at open), a crash after it the new one; the tenant
 * stays hidden either way and the next run finishes ({@code EmbeddedLogStoreTest} copies the directory at each
 * step, which is what a kill -9 leaves). A run copies at most 1 GiB of chunks (at least one partition) and leaves
 * the rest, hidden, to the next run. Queries that were reading the old generation when it is swapped fail as they
 * do when retention drops a partition under them.
 *
 * <p><b>Concurrency.</b> One writer (a lock serializes write, flush, retention and close); readers are
 * lock-free: each stream publishes an immutable {@code StreamSnapshot} (chunk list + head prefix) in one
 * volatile write, so a cut is seen either entirely before or entirely after. Cursors merge a stream's chunks
 * and heads lazily with a priority queue (overlapping chunks from out-of-order writes interleave correctly;
 * equal timestamps keep arrival order, reversed backward) and decompress a chunk only when the merge reaches
 * it; backward reads iterate the decoded chunk from the end.
 */
package io.tracemate.logs.store;
