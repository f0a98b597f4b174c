package io.tracemate.servicegraph;

/**
 * One request over an edge, both sides measured. A side that is not instrumented (database, virtual peer,
 * {@code user}) has the measured side's start and duration, as the collector does for databases.
 */
record CompletedEdge(
    EdgeKey key,
    NodeKind clientKind,
    NodeKind serverKind,
    long clientStartEpochMillis,
    long clientDurationNanos,
    long serverStartEpochMillis,
    long serverDurationNanos,
    boolean failed) {}
