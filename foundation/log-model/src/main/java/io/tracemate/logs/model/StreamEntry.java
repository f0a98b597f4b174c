package io.tracemate.logs.model;

/** An entry together with the labels of the stream it belongs to. */
public record StreamEntry(LabelSet stream, LogEntry entry) {}
