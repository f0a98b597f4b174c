package io.tracemate.logs;

/** Loki's {@code /index/stats} answer: what a selector covers, from the index alone. */
public record IndexStats(long streams, long chunks, long entries, long bytes) {}
