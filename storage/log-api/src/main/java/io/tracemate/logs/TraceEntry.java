package io.tracemate.logs;

import io.tracemate.logs.model.LogEntry;

/**
 * An entry found by {@link LogReader#byTrace}, with the stream (tenant and labels) it belongs to.
 *
 * @param stream the entry's stream; its {@link StreamRef#tenant()} says whose entry it is
 */
public record TraceEntry(StreamRef stream, LogEntry entry) {}
