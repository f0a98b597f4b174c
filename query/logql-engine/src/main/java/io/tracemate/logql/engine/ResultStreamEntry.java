package io.tracemate.logql.engine;

import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;

/** A log entry after the pipeline: its final labels and the (possibly rewritten) entry. */
public record ResultStreamEntry(LabelSet labels, LogEntry entry) {}
