/**
 * The log model and the log storage SPI, the counterpart of {@code io.tracemate.storage} for spans.
 *
 * <p>A stream is identified by its sorted {@link io.tracemate.logs.LabelSet}; entries carry a timestamp, the
 * line and structured metadata (where {@code trace_id}/{@code span_id} live, indexed but never labels, so a
 * trace ID cannot explode stream cardinality). A {@link io.tracemate.logs.LogStore} hands out one
 * {@link io.tracemate.logs.LogWriter} (fed by the ingest applier, with WAL sequence numbers for exact replay)
 * and a thread-safe {@link io.tracemate.logs.LogReader}: streams by matchers, entries of one stream in either
 * direction with literal-substring pushdown, label names/values, index stats, and lookup by trace ID. The LogQL
 * engine merges streams and evaluates pipelines on top; the store only selects and scans.
 */
package io.tracemate.logs;
