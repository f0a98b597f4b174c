/**
 * The log model, the counterpart of {@code io.tracemate.model} for spans: what a log line is, whichever wire it
 * came on and whichever store keeps it.
 *
 * <p>A stream is identified by its sorted {@link io.tracemate.logs.model.LabelSet}; a
 * {@link io.tracemate.logs.model.LogEntry} carries a timestamp, the line and structured metadata (where
 * {@code trace_id}/{@code span_id} live: indexed by stores, never labels, so a trace ID cannot explode stream
 * cardinality). A {@link io.tracemate.logs.model.LogStream} is the unit of a push and of a write.
 *
 * <p>Records only, immutable and thread-safe, with no dependencies: codecs, receivers and the pipeline carry log
 * streams without seeing the log storage SPI ({@code io.tracemate.logs}), as they carry spans without seeing
 * {@code io.tracemate.storage}.
 */
package io.tracemate.logs.model;
