package io.tracemate.storage;

/** Calls from one service to another in a time window; errorCount counts calls whose child span failed. */
public record DependencyLink(String parent, String child, long callCount, long errorCount) {}
