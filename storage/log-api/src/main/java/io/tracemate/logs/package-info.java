/**
 * The log storage SPI, the counterpart of {@code io.tracemate.storage} for spans; the log model it stores
 * ({@link io.tracemate.logs.model.LogStream} and friends) lives in {@code io.tracemate.logs.model}, so that codecs
 * and receivers carry log streams without seeing this SPI.
 *
 * <p>A {@link io.tracemate.logs.LogStore} hands out one {@link io.tracemate.logs.LogWriter} (fed by the ingest
 * applier, with WAL sequence numbers for exact replay) and a thread-safe {@link io.tracemate.logs.LogReader}:
 * streams by matchers, entries of one stream in either direction with literal-substring pushdown, label
 * names/values, index stats, and lookup by trace ID (the {@code trace_id} structured metadata is indexed, never a
 * label). Each read has a twin taking a {@link io.tracemate.common.Cancellation}; a store that checks it as it
 * goes implements {@link io.tracemate.logs.CancellableLogReader}, the twins only. The LogQL engine merges streams
 * and evaluates pipelines on top; the store only selects and scans. Every
 * backend passes the contract suite in {@code io.tracemate.logs.tck} (module {@code storage/contract-tests}).
 */
package io.tracemate.logs;
